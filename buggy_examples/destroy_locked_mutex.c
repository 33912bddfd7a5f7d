/*
 * destroy_locked_mutex.c -- tearing down a statistics object too early.
 *
 * Bug: main destroys the statistics mutex while the worker thread still holds it, because it cleans up before joining the worker.
 * Category: MU (API misuse)
 *
 * What goes wrong: destroying a locked mutex is undefined behaviour. glibc
 * happens to refuse with EBUSY, which the program reports; other systems may
 * free the lock under the worker's feet. The real mistake is the order of
 * shutdown: resources shared with a thread may be destroyed only after the
 * thread is known to be finished with them (after pthread_join).
 *
 * How to see it: run it; pthread_mutex_destroy fails with EBUSY.
 *
 * The tools also report what follows: the worker then unlocks a mutex that
 * main destroyed (TSan, Helgrind), the destroy races with the worker's use of
 * the lock (TSan), and Helgrind flags the failed destroy itself.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=destroy_locked_mutex.svg -- build/examples/buggy_examples/destroy_locked_mutex
 */
// expect: destroy-locked lockgraph tsan helgrind
// expect: bad-unlock tsan helgrind
// expect: data-race tsan
// expect: misuse helgrind

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct stats {
    pthread_mutex_t lock;
    long samples;
} stats;

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&stats.lock);
    stats.samples++;
    usleep(100000);                     /* still working with the lock held */
    pthread_mutex_unlock(&stats.lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    int err;
    pthread_mutex_init(&stats.lock, NULL);
    pthread_create(&t, NULL, worker, NULL);
    usleep(20000);

    err = pthread_mutex_destroy(&stats.lock);  /* BUG: the worker holds it */
    printf("pthread_mutex_destroy: %s (expected success)\n",
           err ? strerror(err) : "ok");
    pthread_join(t, NULL);
    return err ? 1 : 0;
}
