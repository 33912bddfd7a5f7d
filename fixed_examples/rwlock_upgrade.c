/*
 * rwlock_upgrade.c (fixed) -- a cache that "upgrades" its read lock to insert on a miss.
 *
 * Bug: On a cache miss the thread asks for the write lock while it still holds the read lock, and a write lock must wait until every reader, including itself, has left.
 * Category: DL (deadlock)
 *
 * Fix: on a miss the thread first releases its read lock, then takes the
 * write lock, and -- because another thread may have inserted the key in
 * between -- looks the key up again before inserting. Never request a write
 * lock while holding a read lock on the same rwlock.
 * Picture (its lock graph):
 *   racecheck run --graph=rwlock_upgrade.svg -- build/examples/fixed_examples/rwlock_upgrade
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 8

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static int cache_key[SLOTS], cache_val[SLOTS], cache_used;

static int find(int key)                /* caller holds cache_lock (any mode) */
{
    for (int i = 0; i < cache_used; i++)
        if (cache_key[i] == key)
            return cache_val[i];
    return -1;
}

static int lookup(int key)
{
    pthread_rwlock_rdlock(&cache_lock);
    int val = find(key);
    pthread_rwlock_unlock(&cache_lock);  /* FIX: drop the read lock first */
    if (val < 0) {
        printf("miss for key %d, taking the write lock\n", key);
        pthread_rwlock_wrlock(&cache_lock);
        val = find(key);                 /* FIX: re-check, someone may have won */
        if (val < 0) {
            val = key * key;
            cache_key[cache_used] = key;
            cache_val[cache_used++] = val;
        }
        pthread_rwlock_unlock(&cache_lock);
    }
    return val;
}

static void *client(void *arg)
{
    int key = (int)(long)arg;
    printf("key %d -> %d\n", key, lookup(key));
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&t, NULL, client, (void *)7L);
    pthread_join(t, NULL);
    printf("cache holds %d entries (expected 1)\n", cache_used);
    return 0;
}
