/* A real ABBA deadlock: a barrier makes both threads hold their first lock. */
#include <pthread.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both;
static void *a(void *x) { pthread_mutex_lock(&m1); pthread_barrier_wait(&both); pthread_mutex_lock(&m2); return x; }
static void *b(void *x) { pthread_mutex_lock(&m2); pthread_barrier_wait(&both); pthread_mutex_lock(&m1); return x; }
int main(void) {
    pthread_t t1, t2;
    pthread_barrier_init(&both, 0, 2);
    pthread_create(&t1, 0, a, 0);
    pthread_create(&t2, 0, b, 0);
    pthread_join(t1, 0);
    pthread_join(t2, 0);
    return 0;
}
