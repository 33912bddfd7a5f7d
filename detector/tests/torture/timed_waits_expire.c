// Timed waits that expire: pthread_mutex_timedlock, pthread_mutex_clocklock,
// pthread_rwlock_timedwrlock, pthread_cond_timedwait, pthread_cond_clockwait,
// sem_timedwait. Each returns ETIMEDOUT as natively, and a lock that was not
// acquired is not counted as held (no bad-unlock, no lock-leak).
// expect: none
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t held, done;

static struct timespec soon(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    ts.tv_nsec += 100 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    return ts;
}

static void *holder(void *arg) {
    pthread_mutex_lock(&m);
    pthread_rwlock_rdlock(&rw);
    pthread_barrier_wait(&held);
    pthread_barrier_wait(&done);
    pthread_rwlock_unlock(&rw);
    pthread_mutex_unlock(&m);
    return arg;
}

static const char *name(int r) { return r == ETIMEDOUT ? "ETIMEDOUT" : r == 0 ? "0" : strerror(r); }

int main(void) {
    pthread_t t;
    pthread_barrier_init(&held, NULL, 2);
    pthread_barrier_init(&done, NULL, 2);
    pthread_create(&t, NULL, holder, NULL);
    pthread_barrier_wait(&held);
    struct timespec ts = soon(CLOCK_REALTIME);
    printf("mutex_timedlock: %s\n", name(pthread_mutex_timedlock(&m, &ts)));
    ts = soon(CLOCK_MONOTONIC);
    printf("mutex_clocklock: %s\n", name(pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &ts)));
    ts = soon(CLOCK_REALTIME);
    printf("rwlock_timedwrlock: %s\n", name(pthread_rwlock_timedwrlock(&rw, &ts)));
    pthread_cond_t c;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&c, &ca);
    pthread_mutex_lock(&cm);
    ts = soon(CLOCK_MONOTONIC);
    int r;
    do r = pthread_cond_timedwait(&c, &cm, &ts); while (r == 0);
    printf("cond_timedwait: %s\n", name(r));
    ts = soon(CLOCK_REALTIME);
    do r = pthread_cond_clockwait(&c, &cm, CLOCK_REALTIME, &ts); while (r == 0);
    printf("cond_clockwait: %s\n", name(r));
    pthread_mutex_unlock(&cm);
    sem_t s;
    sem_init(&s, 0, 0);
    ts = soon(CLOCK_REALTIME);
    r = sem_timedwait(&s, &ts);
    printf("sem_timedwait: %d %s\n", r, r ? name(errno) : "");
    pthread_barrier_wait(&done);
    pthread_join(t, NULL);
    ts = soon(CLOCK_REALTIME);
    printf("mutex_timedlock when free: %s\n", name(pthread_mutex_timedlock(&m, &ts)));
    pthread_mutex_unlock(&m);
    return 0;
}
