// The opposite order is taken with trylock and a back-off: it cannot block,
// so it adds no edge and there is no cycle.
// expect: none
#include <pthread.h>
#include <sched.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static void *a(void *x) {
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&m1); pthread_mutex_lock(&m2);
        pthread_mutex_unlock(&m2); pthread_mutex_unlock(&m1);
    }
    return x;
}
static void *b(void *x) {
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&m2);
        while (pthread_mutex_trylock(&m1) != 0) {   /* back off and retry */
            pthread_mutex_unlock(&m2);
            sched_yield();
            pthread_mutex_lock(&m2);
        }
        pthread_mutex_unlock(&m1);
        pthread_mutex_unlock(&m2);
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
