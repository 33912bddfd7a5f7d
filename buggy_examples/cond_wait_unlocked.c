/*
 * cond_wait_unlocked.c -- a waiter that "saves time" by not locking.
 *
 * Bug: The waiter checks `ready` and calls pthread_cond_wait without holding the mutex, so the signal can arrive between its check and its wait and is lost.
 * Category: LW (lost wakeup / condition-variable bug)
 *
 * What goes wrong: pthread_cond_wait must be called with the mutex locked;
 * it releases the mutex and starts waiting in one atomic step, which is what
 * makes "check the predicate, then wait" safe. Without the lock, the signaller
 * can set `ready` and signal after the check but before the wait (the usleep
 * puts the waiter in that gap), and the waiter sleeps forever. Calling it
 * with an unlocked mutex is also undefined behaviour, and reading `ready`
 * without the lock is a data race. (TSan sees the wait's internal unlock of
 * a mutex nobody holds and reports a bad unlock.)
 *
 * How to see it: run it; the signal is sent and the waiter never wakes up.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=cond_wait_unlocked.svg -- build/examples/buggy_examples/cond_wait_unlocked
 */
// expect: cond-misuse lockgraph helgrind
// expect: data-race tsan helgrind
// expect: bad-unlock tsan
// expect: hang lockgraph

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void *waiter(void *arg)
{
    (void)arg;
    if (!ready) {                       /* BUG: checked without the lock ... */
        usleep(100000);                 /* (the signal arrives during this gap) */
        pthread_cond_wait(&cond, &lock);    /* BUG: ... and waits without it */
        pthread_mutex_unlock(&lock);    /* cond_wait returns with lock held */
    }
    printf("waiter: ready = %d\n", ready);
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
