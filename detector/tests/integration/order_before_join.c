// A worker takes b -> a; main takes a -> b before it joins the worker, while
// the worker may still run: the inversion is reported. After the join main
// takes a -> b again, which alone would be ordered after the worker.
// expect: lock-order-inversion @ba @ab
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static atomic_int done;
static void *worker(void *x) {
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a); // @ba
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    atomic_store(&done, 1);
    return x;
}
static void a_then_b(void) {
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b); // @ab
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    while (!atomic_load(&done))
        sched_yield();
    a_then_b();
    pthread_join(t, 0);
    a_then_b();
    return 0;
}
