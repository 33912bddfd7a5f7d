/*
 * rwlock_cache_wrong_mode.c -- a memo cache shared by reader threads.
 *
 * Bug: On a miss, lookup() inserts into the cache while holding only the read lock, so several threads modify the cache at the same time.
 * Category: AV (atomicity violation)
 *
 * What goes wrong: a read lock is shared: any number of threads hold it
 * together. It protects reading only. Two threads that miss at the same
 * time both append to the table and both do `used++`, so entries are
 * duplicated, and slots and increments are lost. (Computing a value is slow;
 * a usleep stands in for that and makes the misses overlap.)
 *
 * How to see it: run it; the cache holds duplicate keys.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=rwlock_cache_wrong_mode.svg -- build/examples/buggy_examples/rwlock_cache_wrong_mode
 */
// expect: data-race tsan helgrind

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NKEYS 32
#define NTHREADS 3

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct { int key, val; } cache[NKEYS * NTHREADS];
static int used;

static int lookup(int key)
{
    int val = -1;
    pthread_rwlock_rdlock(&cache_lock);
    for (int i = 0; i < used; i++)
        if (cache[i].key == key)
            val = cache[i].val;
    if (val < 0) {
        usleep(200);                    /* compute the value (slow) */
        val = key * key;
        cache[used].key = key;          /* BUG: writing under a READ lock */
        cache[used].val = val;
        used++;
    }
    pthread_rwlock_unlock(&cache_lock);
    return val;
}

static void *client(void *arg)
{
    (void)arg;
    for (int k = 0; k < NKEYS; k++)
        lookup(k);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, client, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);

    int dups = 0;
    for (int i = 0; i < used; i++)
        for (int j = 0; j < i; j++)
            if (cache[i].key == cache[j].key)
                dups++;
    printf("cache: %d entries for %d keys, %d duplicates (expected %d, 0)\n",
           used, NKEYS, dups, NKEYS);
    return used == NKEYS && dups == 0 ? 0 : 1;
}
