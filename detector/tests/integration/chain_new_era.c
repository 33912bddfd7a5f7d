// Main takes g, a, b nested, then creates a thread while still holding g and
// a, and takes b again: that second a -> b comes after the creation, so it
// can overlap the thread's b -> a. The detector skips acquisitions whose
// whole held list it has seen before (lock chains); a new era (the creation)
// must start new chains, even for the locks held across it, or the second
// a -> b would look like the first alone and the inversion would be ruled
// out by thread order. The report shows where a -> b was first made.
// expect: lock-order-inversion @ab1 @ba
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
static pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER, a = PTHREAD_MUTEX_INITIALIZER,
                       b = PTHREAD_MUTEX_INITIALIZER;
static atomic_int go;
static void *worker(void *x) {
    while (!atomic_load(&go))
        sched_yield();
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a); // @ba
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    return x;
}
int main(void) {
    pthread_mutex_lock(&g);
    pthread_mutex_lock(&a);
    for (int i = 0; i < 3; i++) {   /* the chain g, a, b becomes known */
        pthread_mutex_lock(&b); // @ab1
        pthread_mutex_unlock(&b);
    }
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    pthread_mutex_lock(&b); // @ab2
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&g);
    atomic_store(&go, 1);
    pthread_join(t, 0);
    return 0;
}
