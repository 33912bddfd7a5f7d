/*
 * destroy_locked_mutex.c (fixed) -- tearing down a statistics object too early.
 *
 * Bug: main destroys the statistics mutex while the worker thread still holds it, because it cleans up before joining the worker.
 * Category: MU (API misuse)
 *
 * Fix: main joins the worker first and destroys the mutex afterwards. When
 * pthread_join returns, the worker has finished and released the lock, and
 * no other thread can use the mutex any more, so destroying it is safe.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=destroy_locked_mutex.svg -- build/examples/fixed_examples/destroy_locked_mutex
 */
// expect: clean

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

    pthread_join(t, NULL);                     /* FIX: wait for the user first */
    err = pthread_mutex_destroy(&stats.lock);  /* now nobody holds it */
    printf("pthread_mutex_destroy: %s (expected success)\n",
           err ? strerror(err) : "ok");
    return err ? 1 : 0;
}
