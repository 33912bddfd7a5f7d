/*
 * trylock_backoff.c -- a flusher that must take two locks against the usual order.
 *
 * Bug: The flusher takes the cache lock against the usual order (disk, then cache) with a blocking lock instead of a trylock, so it deadlocks with the writer.
 * Category: DL (deadlock)
 *
 * What goes wrong: the writer takes disk_lock then cache_lock. The flusher
 * must hold cache_lock first, so the design says it may only *try* to get
 * disk_lock and must back off (release cache_lock) if that fails. The code
 * uses pthread_mutex_lock instead: the flusher holds cache and waits for disk
 * while the writer holds disk and waits for cache. The sleeps make the two
 * meet on every run.
 *
 * How to see it: run it; two lines, then a hang.
 * Picture (its lock graph):
 *   racecheck run --graph=trylock_backoff.svg -- build/examples/buggy_examples/trylock_backoff
 */
// expect: deadlock lockgraph
// expect: lock-order-inversion lockgraph
// known-miss: tsan lock-order-inversion TSan records lock order when a lock is acquired; in a real deadlock the second locks never are
// known-miss: helgrind lock-order-inversion Helgrind records lock order when a lock is acquired; in a real deadlock the second locks never are

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
    pthread_mutex_lock(&disk_lock);     /* BUG: should trylock and back off */
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
