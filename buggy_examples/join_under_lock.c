/*
 * join_under_lock.c -- shutting down a logger thread.
 *
 * Bug: main holds log_lock while it joins the logger thread, but the logger needs log_lock to write its last line and exit.
 * Category: DL (deadlock)
 *
 * What goes wrong: pthread_join waits for the thread to finish. The logger
 * cannot finish without log_lock, and main will not release log_lock until
 * the join returns: main waits for the logger, the logger waits for main.
 * The programmer held the lock "to keep the log consistent during shutdown".
 *
 * How to see it: run it; it says it is shutting down and hangs.
 * Picture (its lock graph):
 *   racecheck run --graph=join_under_lock.svg -- build/examples/buggy_examples/join_under_lock
 */
// expect: deadlock lockgraph

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int lines_written;

static void *logger(void *arg)
{
    (void)arg;
    usleep(20000);                      /* flushing takes a moment */
    pthread_mutex_lock(&log_lock);      /* needs the lock main is sitting on */
    lines_written++;
    printf("logger: final line written\n");
    pthread_mutex_unlock(&log_lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&t, NULL, logger, NULL);
    pthread_mutex_lock(&log_lock);
    printf("main: shutting down, waiting for the logger\n");
    pthread_join(t, NULL);              /* BUG: joins while holding log_lock */
    pthread_mutex_unlock(&log_lock);
    printf("lines written: %d (expected 1)\n", lines_written);
    return 0;
}
