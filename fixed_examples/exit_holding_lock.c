/*
 * exit_holding_lock.c (fixed) -- a worker that gives up on a bad input.
 *
 * Bug: The worker thread calls pthread_exit on its error path while it still holds the queue lock, so the lock is never released and main blocks on it forever.
 * Category: MU (API misuse)
 *
 * Fix: the error path leaves the loop with `break` and reaches the single
 * unlock at the end of the function like the normal path, so the worker
 * never ends while holding queue_lock. Every path out of a critical
 * section, including error paths, must unlock.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=exit_holding_lock.svg -- build/examples/fixed_examples/exit_holding_lock
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int queue[4] = { 3, 1, -1, 2 };  /* -1 is a bad item */
static int processed;

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&queue_lock);
    for (int i = 0; i < 4; i++) {
        if (queue[i] < 0) {
            printf("worker: bad item %d, giving up\n", i);
            break;                      /* FIX: leave through the unlock */
        }
        processed++;
    }
    pthread_mutex_unlock(&queue_lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    pthread_mutex_lock(&queue_lock);
    printf("processed %d items before the bad one (expected 2)\n", processed);
    pthread_mutex_unlock(&queue_lock);
    return 0;
}
