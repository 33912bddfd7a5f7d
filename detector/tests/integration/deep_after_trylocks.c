// Held locks deeper than the detector's direct ones reach a new lock through
// the edges into the innermost one, unless that one was taken by trylock
// (no edges go into it): then the deep edges are made at once. Here the
// first thread holds a (blocking), then four trylocked locks, and takes y:
// the edge a -> y must exist, so the second thread's y -> a is an inversion.
// expect: lock-order-inversion @ay @ya
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, y = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t t[4] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                               PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static atomic_int done;
static void *first(void *x) {
    pthread_mutex_lock(&a);
    for (int i = 0; i < 4; i++)
        pthread_mutex_trylock(&t[i]);
    pthread_mutex_lock(&y); // @ay
    pthread_mutex_unlock(&y);
    for (int i = 3; i >= 0; i--)
        pthread_mutex_unlock(&t[i]);
    pthread_mutex_unlock(&a);
    atomic_store(&done, 1);
    return x;
}
static void *second(void *x) {
    while (!atomic_load(&done))
        sched_yield();
    pthread_mutex_lock(&y);
    pthread_mutex_lock(&a); // @ya
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&y);
    return x;
}
int main(void) {
    pthread_t p, q;
    pthread_create(&p, 0, first, 0);
    pthread_create(&q, 0, second, 0);
    pthread_join(p, 0);
    pthread_join(q, 0);
    return 0;
}
