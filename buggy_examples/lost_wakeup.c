/*
 * lost_wakeup.c -- a worker waits for main's "go" signal.
 *
 * Bug: main signals the condition variable before the worker has started waiting, and the worker waits without checking any predicate, so the signal is lost and the worker sleeps forever.
 * Category: LW (lost wakeup / condition-variable bug)
 *
 * What goes wrong: a condition variable has no memory. pthread_cond_signal
 * with nobody waiting does nothing at all. The worker is still setting up
 * (usleep) when main signals; when it then calls pthread_cond_wait it waits
 * for a signal that has already come and gone. The state that should have
 * been checked ("has main said go?") is not stored anywhere.
 *
 * How to see it: run it; "go" is sent, and the worker never starts.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=lost_wakeup.svg -- build/examples/buggy_examples/lost_wakeup
 */
// expect: hang lockgraph

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;

static void *worker(void *arg)
{
    (void)arg;
    usleep(100000);                     /* set-up takes a while */
    pthread_mutex_lock(&lock);
    pthread_cond_wait(&go, &lock);      /* BUG: no predicate, the signal is gone */
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
    pthread_cond_signal(&go);           /* nobody is waiting yet */
    pthread_mutex_unlock(&lock);
    printf("main: sent go\n");
    pthread_join(t, NULL);
    printf("main: worker finished\n");
    return 0;
}
