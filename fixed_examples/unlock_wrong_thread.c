/*
 * unlock_wrong_thread.c (fixed) -- a watchdog that "frees" a lock it thinks is stuck.
 *
 * Bug: The watchdog thread unlocks a mutex that the worker thread owns, so both threads end up inside the critical section at once.
 * Category: MU (API misuse)
 *
 * Fix: the watchdog no longer touches a lock it does not own. It uses
 * pthread_mutex_timedlock to wait a bounded time and report that the lock
 * is busy, and then simply waits its turn. Only the owner unlocks, so the
 * critical section again admits one thread at a time.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=unlock_wrong_thread.svg -- build/examples/fixed_examples/unlock_wrong_thread
 */
// expect: clean

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int inside, max_inside;          /* threads in the critical section */

static void enter(void)
{
    if (++inside > max_inside)
        max_inside = inside;
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    enter();
    usleep(200000);                     /* a long job */
    inside--;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *watchdog(void *arg)
{
    struct timespec deadline;
    (void)arg;
    usleep(50000);
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 50000000;       /* 50 ms from now */
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    if (pthread_mutex_timedlock(&lock, &deadline) == ETIMEDOUT) {
        printf("watchdog: lock held for a long time, waiting for it\n");
        pthread_mutex_lock(&lock);      /* FIX: wait; never unlock another's lock */
    }
    enter();
    inside--;
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    pthread_t w, d;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&w, NULL, worker, NULL);
    pthread_create(&d, NULL, watchdog, NULL);
    pthread_join(w, NULL);
    pthread_join(d, NULL);
    printf("at most %d threads were inside the critical section (expected 1)\n",
           max_inside);
    return max_inside == 1 ? 0 : 1;
}
