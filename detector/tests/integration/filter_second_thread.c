// main takes m1 then m2, a second thread later does the same, and then main
// takes m2 then m1: main alone cannot deadlock with itself, but the second
// thread's m1 -> m2 against main's m2 -> m1 can, so the inversion is reported
// (the edge must remember the thread that only used it, not only its maker).
// expect: lock-order-inversion @m12 @m21
#include <pthread.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t done;
static void *second(void *x) {
    pthread_mutex_lock(&m1);
    pthread_mutex_lock(&m2);
    pthread_mutex_unlock(&m2);
    pthread_mutex_unlock(&m1);
    pthread_barrier_wait(&done);
    return x;
}
int main(void) {
    pthread_barrier_init(&done, 0, 2);
    pthread_mutex_lock(&m1);
    pthread_mutex_lock(&m2); // @m12
    pthread_mutex_unlock(&m2);
    pthread_mutex_unlock(&m1);
    pthread_t t;
    pthread_create(&t, 0, second, 0);
    pthread_barrier_wait(&done);
    pthread_mutex_lock(&m2);
    pthread_mutex_lock(&m1); // @m21
    pthread_mutex_unlock(&m1);
    pthread_mutex_unlock(&m2);
    pthread_join(t, 0);
    return 0;
}
