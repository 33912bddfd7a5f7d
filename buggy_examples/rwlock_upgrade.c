/*
 * rwlock_upgrade.c -- a cache that "upgrades" its read lock to insert on a miss.
 *
 * Bug: On a cache miss the thread asks for the write lock while it still holds the read lock, and a write lock must wait until every reader, including itself, has left.
 * Category: DL (deadlock)
 *
 * What goes wrong: pthread rwlocks cannot be upgraded. wrlock() waits for
 * all readers to unlock; the caller is one of those readers, so it waits for
 * itself forever. (With two such threads each also waits for the other.)
 *
 * How to see it: run it; it prints the miss and hangs.
 * Picture (its lock graph):
 *   racecheck run --graph=rwlock_upgrade.svg -- build/examples/buggy_examples/rwlock_upgrade
 */
// expect: deadlock lockgraph

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 8

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static int cache_key[SLOTS], cache_val[SLOTS], cache_used;

static int lookup(int key)
{
    int val = -1;
    pthread_rwlock_rdlock(&cache_lock);
    for (int i = 0; i < cache_used; i++)
        if (cache_key[i] == key)
            val = cache_val[i];
    if (val < 0) {
        printf("miss for key %d, upgrading to a write lock\n", key);
        pthread_rwlock_wrlock(&cache_lock);  /* BUG: still holding the read lock */
        val = key * key;                     /* "compute" the value */
        cache_key[cache_used] = key;
        cache_val[cache_used++] = val;
    }
    pthread_rwlock_unlock(&cache_lock);
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
