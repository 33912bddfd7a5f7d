// One condition variable is waited on with two different mutexes at once: a
// thread waits with m1, and while it still waits, main waits with m2.
// (Using it with m2 after every wait with m1 has returned would be allowed.)
// expect: cond-misuse @second
#include <pthread.h>
#include <time.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int waiting, done;
static void *first(void *x) {
    pthread_mutex_lock(&m1);
    waiting = 1;            /* m1 is released only inside the wait */
    while (!done)
        pthread_cond_wait(&c, &m1);
    pthread_mutex_unlock(&m1);
    return x;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, first, 0);
    for (int in_wait = 0; !in_wait;) {
        pthread_mutex_lock(&m1);
        in_wait = waiting;
        pthread_mutex_unlock(&m1);
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 10000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    pthread_mutex_lock(&m2);
    pthread_cond_timedwait(&c, &m2, &until); // @second
    pthread_mutex_unlock(&m2);
    pthread_mutex_lock(&m1);
    done = 1;
    pthread_cond_broadcast(&c);
    pthread_mutex_unlock(&m1);
    pthread_join(t, 0);
    return 0;
}
