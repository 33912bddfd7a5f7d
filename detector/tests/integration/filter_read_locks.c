// Opposite orders of two rwlocks, taken only for reading: readers do not
// exclude each other, so this cannot deadlock. The JSON report keeps the
// cycle as a note.
// expect: none
// note: lock-order-inversion @r12 @r21
// note-text: ruled out by lockgraph: only read locks
#include <pthread.h>
#include <unistd.h>
static pthread_rwlock_t r1 = PTHREAD_RWLOCK_INITIALIZER, r2 = PTHREAD_RWLOCK_INITIALIZER;
static void *a(void *x) {
    pthread_rwlock_rdlock(&r1); pthread_rwlock_rdlock(&r2); // @r12
    pthread_rwlock_unlock(&r2); pthread_rwlock_unlock(&r1);
    return x;
}
static void *b(void *x) {
    usleep(50000);
    pthread_rwlock_rdlock(&r2); pthread_rwlock_rdlock(&r1); // @r21
    pthread_rwlock_unlock(&r1); pthread_rwlock_unlock(&r2);
    return x;
}
int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, 0, a, 0);
    pthread_create(&t2, 0, b, 0);
    pthread_join(t1, 0);
    pthread_join(t2, 0);
    return 0;
}
