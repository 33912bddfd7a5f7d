/*
 * lost_wakeup.c (fixed) -- a worker waits for main's "go" signal.
 *
 * Bug: main signals the condition variable before the worker has started waiting, and the worker waits without checking any predicate, so the signal is lost and the worker sleeps forever.
 * Category: LW (lost wakeup / condition-variable bug)
 *
 * Fix: the event is recorded in a predicate, `started`, protected by the
 * same mutex. main sets it before signalling; the worker waits only while it
 * is still false. If the signal came early the worker sees started == 1 and
 * does not wait at all. A condition variable is only a way to sleep until a
 * predicate may have changed; the predicate is what carries the information.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=lost_wakeup.svg -- build/examples/fixed_examples/lost_wakeup
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static int started;                     /* FIX: the predicate, under lock */

static void *worker(void *arg)
{
    (void)arg;
    usleep(100000);                     /* set-up takes a while */
    pthread_mutex_lock(&lock);
    while (!started)                    /* FIX: wait only if not yet told */
        pthread_cond_wait(&go, &lock);
    pthread_mutex_unlock(&lock);
    printf("worker: started\n");
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&t, NULL, worker, NULL);
    pthread_mutex_lock(&lock);
    started = 1;
    pthread_cond_signal(&go);
    pthread_mutex_unlock(&lock);
    printf("main: sent go\n");
    pthread_join(t, NULL);
    printf("main: worker finished\n");
    return 0;
}
