// Main creates a thread that takes b -> a, then itself takes a -> b while
// that thread still runs: main's acquisitions come after the creation, not
// before it, so the two orders can overlap and the inversion is reported
// (thread creation orders only what main did before it). Main waits for the
// thread's order first (a flag, which the detector does not see as ordering)
// so the run itself does not deadlock. The report shows where the edge a -> b
// was first made (a stack per edge), which is main's first acquisition.
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
int main(void) {
    /* before the thread exists: ordered before all it does */
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b); // @ab
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    while (!atomic_load(&done))
        sched_yield();
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    pthread_join(t, 0);
    return 0;
}
