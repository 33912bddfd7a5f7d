/*
 * rwlock_cache_wrong_mode.c (fixed) -- a memo cache shared by reader threads.
 *
 * Bug: On a miss, lookup() inserts into the cache while holding only the read lock, so several threads modify the cache at the same time.
 * Category: AV (atomicity violation)
 *
 * Fix: lookups still share the read lock, but an insert is done under the
 * write lock, which excludes every other reader and writer. Between
 * dropping the read lock and getting the write lock another thread may have
 * inserted the same key, so the key is looked up again before inserting.
 * (The slow computation runs with no lock held at all.)
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=rwlock_cache_wrong_mode.svg -- build/examples/fixed_examples/rwlock_cache_wrong_mode
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NKEYS 32
#define NTHREADS 3

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct { int key, val; } cache[NKEYS * NTHREADS];
static int used;

static int find(int key)                /* caller holds cache_lock, any mode */
{
    for (int i = 0; i < used; i++)
        if (cache[i].key == key)
            return cache[i].val;
    return -1;
}

static int lookup(int key)
{
    pthread_rwlock_rdlock(&cache_lock);
    int val = find(key);
    pthread_rwlock_unlock(&cache_lock);
    if (val < 0) {
        usleep(200);                    /* compute the value (slow), no lock */
        val = key * key;
        pthread_rwlock_wrlock(&cache_lock);  /* FIX: modify under the WRITE lock */
        if (find(key) < 0) {                 /* FIX: someone may have won */
            cache[used].key = key;
            cache[used].val = val;
            used++;
        }
        pthread_rwlock_unlock(&cache_lock);
    }
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
