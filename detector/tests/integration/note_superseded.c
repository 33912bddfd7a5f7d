// main takes both orders of m1/m2 alone (a cycle ruled out: one thread),
// then a second thread takes m1 -> m2 while main may take m2 -> m1 again:
// now the cycle can deadlock. The inversion is reported, and the earlier
// note of the same cycle is gone: it must not hide the error.
// expect: lock-order-inversion @m12 @m21
#include <pthread.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t done;
static void order_12(void) {
    pthread_mutex_lock(&m1);
    pthread_mutex_lock(&m2); // @m12
    pthread_mutex_unlock(&m2);
    pthread_mutex_unlock(&m1);
}
static void order_21(void) {
    pthread_mutex_lock(&m2);
    pthread_mutex_lock(&m1); // @m21
    pthread_mutex_unlock(&m1);
    pthread_mutex_unlock(&m2);
}
static void *second(void *x) {
    order_12();
    pthread_barrier_wait(&done);
    return x;
}
int main(void) {
    pthread_barrier_init(&done, 0, 2);
    order_12();
    order_21();
    pthread_t t;
    pthread_create(&t, 0, second, 0);
    pthread_barrier_wait(&done);
    order_21();
    pthread_join(t, 0);
    return 0;
}
