// Two threads take m1/m2 in opposite orders but never overlap (a sleep
// separates them): no deadlock happens, the inversion is still reported.
// expect: lock-order-inversion @a2 @b2
#include <pthread.h>
#include <unistd.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static void *a(void *x) {
    pthread_mutex_lock(&m1);
    pthread_mutex_lock(&m2); // @a2
    pthread_mutex_unlock(&m2);
    pthread_mutex_unlock(&m1);
    return x;
}
static void *b(void *x) {
    usleep(100000);
    pthread_mutex_lock(&m2);
    pthread_mutex_lock(&m1); // @b2
    pthread_mutex_unlock(&m1);
    pthread_mutex_unlock(&m2);
    return x;
}
int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, 0, a, 0);
    pthread_create(&t2, 0, b, 0);
    pthread_join(t1, 0);
    pthread_join(t2, 0);
    return 0;
}
