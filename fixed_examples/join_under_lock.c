/*
 * join_under_lock.c (fixed) -- shutting down a logger thread.
 *
 * Bug: main holds log_lock while it joins the logger thread, but the logger needs log_lock to write its last line and exit.
 * Category: DL (deadlock)
 *
 * Fix: main releases log_lock before it calls pthread_join. Never block
 * waiting for another thread (join, condition, barrier) while holding a lock
 * that thread may need. After the join the logger is gone, so main can read
 * its result with no lock at all.
 * Picture (its lock graph):
 *   racecheck run --graph=join_under_lock.svg -- build/examples/fixed_examples/join_under_lock
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int lines_written;

static void *logger(void *arg)
{
    (void)arg;
    usleep(20000);                      /* flushing takes a moment */
    pthread_mutex_lock(&log_lock);
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
    pthread_mutex_unlock(&log_lock);    /* FIX: release before joining */
    pthread_join(t, NULL);
    printf("lines written: %d (expected 1)\n", lines_written);
    return 0;
}
