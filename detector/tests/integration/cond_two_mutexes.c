// One condition variable is used with two different mutexes.
// expect: cond-misuse @second
#include <pthread.h>
#include <time.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static void timed_wait(pthread_mutex_t *m) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 10000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    pthread_mutex_lock(m);
    pthread_cond_timedwait(&c, m, &until); // @second
    pthread_mutex_unlock(m);
}
int main(void) {
    timed_wait(&m1);
    timed_wait(&m2);
    return 0;
}
