// The first thread's m1 -> m2 edge is final for it (the detector stops
// checking it); that thread is joined, so its slot goes to the next thread,
// which takes the same order and must still be recorded on the edge: it may
// overlap the third thread's opposite order, the first thread could not.
// expect: lock-order-inversion @f2 @b2
#include <pthread.h>
#include <stdatomic.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static atomic_int forward_done;
static void *forward(void *x) {
    for (int i = 0; i < 3; i++) {
        pthread_mutex_lock(&m1);
        pthread_mutex_lock(&m2); // @f2
        pthread_mutex_unlock(&m2);
        pthread_mutex_unlock(&m1);
    }
    atomic_store(&forward_done, 1);
    return x;
}
static void *backward(void *x) {
    pthread_mutex_lock(&m2);
    pthread_mutex_lock(&m1); // @b2
    pthread_mutex_unlock(&m1);
    pthread_mutex_unlock(&m2);
    return x;
}
int main(void) {
    pthread_t first, second, third;
    pthread_create(&first, 0, forward, 0);
    pthread_join(first, 0);
    atomic_store(&forward_done, 0);
    pthread_create(&second, 0, forward, 0);   /* reuses the first one's slot */
    while (!atomic_load(&forward_done))
        ;
    pthread_create(&third, 0, backward, 0);   /* second not joined yet: they may overlap */
    pthread_join(third, 0);
    pthread_join(second, 0);
    return 0;
}
