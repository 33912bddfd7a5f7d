/*
 * trylock_backoff.c (fixed) -- a flusher that must take two locks against the usual order.
 *
 * Bug: The flusher takes the cache lock against the usual order (disk, then cache) with a blocking lock instead of a trylock, so it deadlocks with the writer.
 * Category: DL (deadlock)
 *
 * Fix: the flusher only *tries* to take disk_lock while it holds cache_lock.
 * If that fails it releases cache_lock (so the writer can finish), waits a
 * moment and starts again. A thread that never blocks while going against the
 * lock order cannot be part of a waiting cycle, so no deadlock is possible.
 *
 * This twin is a trap for naive lock-order checkers: the graph contains
 * disk -> cache and cache -> disk, but the second edge ends in a trylock,
 * which cannot wait. lockgraph ignores edges into a trylock; a checker that
 * treats a successful trylock like a lock reports a (false) inversion.
 * Picture (its lock graph):
 *   racecheck run --graph=trylock_backoff.svg -- build/examples/fixed_examples/trylock_backoff
 */
// expect: clean
// known-false-positive: helgrind lock-order-inversion Helgrind adds a lock-order edge for a successful trylock, so it reports the cache -> disk trylock edge as an inversion

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t disk_lock  = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static int cached, on_disk;

static void *writer(void *arg)          /* the usual order: disk, then cache */
{
    (void)arg;
    pthread_mutex_lock(&disk_lock);
    printf("writer: holds disk, wants cache\n");
    usleep(50000);
    pthread_mutex_lock(&cache_lock);
    on_disk++;
    cached = on_disk;
    pthread_mutex_unlock(&cache_lock);
    pthread_mutex_unlock(&disk_lock);
    return NULL;
}

static void *flusher(void *arg)         /* must start from the cache */
{
    (void)arg;
    usleep(10000);
    pthread_mutex_lock(&cache_lock);
    printf("flusher: holds cache, wants disk\n");
    usleep(50000);
    while (pthread_mutex_trylock(&disk_lock) != 0) {   /* FIX: never block here */
        pthread_mutex_unlock(&cache_lock);             /* back off ...        */
        usleep(1000);
        pthread_mutex_lock(&cache_lock);               /* ... and start again */
    }
    on_disk = cached + 1;
    pthread_mutex_unlock(&disk_lock);
    pthread_mutex_unlock(&cache_lock);
    return NULL;
}

int main(void)
{
    pthread_t w, f;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&w, NULL, writer, NULL);
    pthread_create(&f, NULL, flusher, NULL);
    pthread_join(w, NULL);
    pthread_join(f, NULL);
    printf("on disk: %d (expected 2)\n", on_disk);
    return 0;
}
