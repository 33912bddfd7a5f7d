// The inversion's second half is a deep held lock: one thread takes l then
// d; then another takes d, four more locks, and l. With d kept as a record
// (held deeper than the direct ones), the edge from the innermost of the four
// to l closes the graph's first cycle, which makes every kept record an edge:
// d -> l closes a cycle of its own, with l -> d, and must be searched too.
// expect: lock-order-inversion @ld @dl
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
static atomic_int first_done;
static pthread_mutex_t d = PTHREAD_MUTEX_INITIALIZER, l = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t between[4] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                     PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static void *l_then_d(void *x) {
    pthread_mutex_lock(&l);
    pthread_mutex_lock(&d); // @ld
    pthread_mutex_unlock(&d);
    pthread_mutex_unlock(&l);
    atomic_store(&first_done, 1);
    return x;
}
static void *d_then_l(void *x) {
    while (!atomic_load(&first_done))   /* the order matters here, not the overlap */
        sched_yield();
    pthread_mutex_lock(&d);
    for (int i = 0; i < 4; i++)
        pthread_mutex_lock(&between[i]);
    pthread_mutex_lock(&l); // @dl
    pthread_mutex_unlock(&l);
    for (int i = 3; i >= 0; i--)
        pthread_mutex_unlock(&between[i]);
    pthread_mutex_unlock(&d);
    return x;
}
int main(void) {
    pthread_t p, q;
    pthread_create(&p, 0, l_then_d, 0);
    pthread_create(&q, 0, d_then_l, 0);
    pthread_join(p, 0);
    pthread_join(q, 0);
    return 0;
}
