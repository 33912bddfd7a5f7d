/* The corrected twin of detector/tests/schedule/overdraw.c: the check and
 * the withdrawal in one critical section, so no schedule overdraws. */
#include <pthread.h>
#include <stdio.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static void *withdraw(void *arg) {
    pthread_mutex_lock(&m);
    if (balance >= 70)
        balance -= 70;
    pthread_mutex_unlock(&m);
    return arg;
}
int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, withdraw, NULL);
    pthread_create(&b, NULL, withdraw, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("balance %d\n", balance);
    return balance < 0;
}
