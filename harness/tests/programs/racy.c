/* Two threads increment a counter without a lock. */
#include <pthread.h>
#include <stdio.h>
static long counter;
static void *inc(void *x) { for (int i = 0; i < 100000; i++) counter++; return x; }
int main(void) {
    pthread_t a, b;
    pthread_create(&a, 0, inc, 0);
    pthread_create(&b, 0, inc, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    printf("%ld\n", counter);
    return 0;
}
