/* Two threads increment a counter under a mutex. */
#include <pthread.h>
#include <stdio.h>
static long counter;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static void *inc(void *x) {
    for (int i = 0; i < 10000; i++) { pthread_mutex_lock(&m); counter++; pthread_mutex_unlock(&m); }
    return x;
}
int main(void) {
    pthread_t a, b;
    pthread_create(&a, 0, inc, 0);
    pthread_create(&b, 0, inc, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    printf("%ld\n", counter);
    return 0;
}
