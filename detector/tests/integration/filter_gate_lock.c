// Both orders of m1/m2, but always under the gate lock g: they can never
// deadlock, so nothing is reported; the JSON report keeps the cycle as a note.
// expect: none
// note: lock-order-inversion @ab @ba
// note-text: ruled out by lockgraph: every edge is taken under gate lock `g`
#include <pthread.h>
static pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER, m1 = PTHREAD_MUTEX_INITIALIZER,
                       m2 = PTHREAD_MUTEX_INITIALIZER;
static void *a(void *x) {
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&g);
        pthread_mutex_lock(&m1);
        pthread_mutex_lock(&m2); // @ab
        pthread_mutex_unlock(&m2);
        pthread_mutex_unlock(&m1);
        pthread_mutex_unlock(&g);
    }
    return x;
}
static void *b(void *x) {
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&g);
        pthread_mutex_lock(&m2);
        pthread_mutex_lock(&m1); // @ba
        pthread_mutex_unlock(&m1);
        pthread_mutex_unlock(&m2);
        pthread_mutex_unlock(&g);
    }
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
