// pthread_cond_timedwait and pthread_cond_clockwait refuse a bad time (tv_nsec
// out of range) or clock with EINVAL before letting go of the mutex: the
// caller still holds it, and its unlock afterwards is correct. Nothing is
// reported.
// expect: none
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

int main(void) {
    struct timespec bad = {0, 2000000000L};
    pthread_mutex_lock(&m);
    int r = pthread_cond_timedwait(&c, &m, &bad);
    printf("timedwait with a bad time: %s\n", strerror(r));
    pthread_mutex_unlock(&m);

    struct timespec soon;
    clock_gettime(CLOCK_MONOTONIC, &soon);
    pthread_mutex_lock(&m);
    r = pthread_cond_clockwait(&c, &m, (clockid_t)12345, &soon);
    printf("clockwait with a bad clock: %s\n", strerror(r));
    pthread_mutex_unlock(&m);
    return 0;
}
