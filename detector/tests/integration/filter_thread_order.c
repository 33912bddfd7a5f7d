// The second thread is created only after the first was joined, so their
// opposite orders can never run at the same time: nothing is reported. The
// JSON report keeps the cycle as a note.
// expect: none
// note: lock-order-inversion @m12 @m21
// note-text: ruled out by lockgraph: the threads that take these edges never run at the same time
#include <pthread.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static void *a(void *x) {
    pthread_mutex_lock(&m1); pthread_mutex_lock(&m2); // @m12
    pthread_mutex_unlock(&m2); pthread_mutex_unlock(&m1);
    return x;
}
static void *b(void *x) {
    pthread_mutex_lock(&m2); pthread_mutex_lock(&m1); // @m21
    pthread_mutex_unlock(&m1); pthread_mutex_unlock(&m2);
    return x;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, a, 0);
    pthread_join(t, 0);
    pthread_create(&t, 0, b, 0);
    pthread_join(t, 0);
    return 0;
}
