/*
 * cond_wait_unlocked.c (fixed) -- a waiter that "saves time" by not locking.
 *
 * Bug: The waiter checks `ready` and calls pthread_cond_wait without holding the mutex, so the signal can arrive between its check and its wait and is lost.
 * Category: LW (lost wakeup / condition-variable bug)
 *
 * Fix: the waiter locks the mutex, checks `ready` in a while loop and calls
 * pthread_cond_wait with the mutex held. The signaller cannot change `ready`
 * while the waiter holds the mutex, and pthread_cond_wait releases it only
 * once the waiter is already waiting, so the signal can no longer fall into
 * a gap between the check and the wait.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=cond_wait_unlocked.svg -- build/examples/fixed_examples/cond_wait_unlocked
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void *waiter(void *arg)
{
    int seen;
    (void)arg;
    usleep(100000);                     /* the signal may come now: harmless */
    pthread_mutex_lock(&lock);          /* FIX: hold the mutex ... */
    while (!ready)                      /* ... for the check ... */
        pthread_cond_wait(&cond, &lock);    /* ... and for the wait */
    seen = ready;
    pthread_mutex_unlock(&lock);
    printf("waiter: ready = %d\n", seen);
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&t, NULL, waiter, NULL);
    usleep(50000);
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
    printf("main: signalled\n");
    pthread_join(t, NULL);
    printf("main: done\n");
    return 0;
}
