// Check-then-act with every access under the mutex, so no race detector
// sees it: two threads each withdraw 70 from a balance of 100, checking in one
// critical section and withdrawing in a second. Natively the first thread is
// done before the second starts, almost always; an overdraw needs the second
// thread's check between the first one's check and withdrawal (measured:
// 0 of 300 native runs).
#include <pthread.h>
#include <stdio.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static void *withdraw(void *arg) {
    int amount = 70, ok;
    pthread_mutex_lock(&m);
    ok = balance >= amount;          /* check ... */
    pthread_mutex_unlock(&m);
    if (ok) {
        pthread_mutex_lock(&m);
        balance -= amount;           /* ... then act, in a second critical section */
        pthread_mutex_unlock(&m);
    }
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
