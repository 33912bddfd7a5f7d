// One function holds A and takes B at one line, then C at another, from the
// same frame: the detector reuses the stack it unwound for the first edge,
// with only the innermost call site read again, which must be C's line. A
// second thread takes C, then A, once the first is done (through a flag the
// detector does not see as ordering, so the run itself does not deadlock):
// the inversion names where each thread takes its second lock.
// expect: lock-order-inversion @c @ra
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER,
                       c = PTHREAD_MUTEX_INITIALIZER;
static atomic_int done;
static void *forward(void *x) {
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&a); // @a
        pthread_mutex_lock(&b);
        pthread_mutex_unlock(&b);
        pthread_mutex_lock(&c); // @c
        pthread_mutex_unlock(&c);
        pthread_mutex_unlock(&a);
    }
    atomic_store(&done, 1);
    return x;
}
static void *backward(void *x) {
    while (!atomic_load(&done))
        sched_yield();
    pthread_mutex_lock(&c); // @rc
    pthread_mutex_lock(&a); // @ra
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&c);
    return x;
}
int main(void) {
    pthread_t f, r;
    pthread_create(&f, 0, forward, 0);
    pthread_create(&r, 0, backward, 0);
    pthread_join(f, 0);
    pthread_join(r, 0);
    return 0;
}
