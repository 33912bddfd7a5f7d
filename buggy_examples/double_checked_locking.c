/*
 * double_checked_locking.c -- a lazily created singleton with a lock-free fast path.
 *
 * Bug: get_config() tests the plain pointer `instance` without the lock, and the creating thread stores the pointer before it has filled in the object, so other threads use a half-built object.
 * Category: OV (order violation)
 *
 * What goes wrong: double-checked locking skips the lock when the pointer is
 * already set. That is only safe if setting the pointer is the very last
 * step AND is ordered after the object's fields are written (an atomic
 * release store, read with an acquire load). Here `instance = malloc(...)`
 * publishes the pointer first and the fields are filled in afterwards
 * (loading takes a while, the usleep), so a reader on the fast path sees a
 * non-NULL pointer to zeroed memory. With plain variables even the reverse
 * order would be a data race that the compiler and CPU may reorder.
 *
 * How to see it: run it; the readers print buffer size 0 instead of 4096.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=double_checked_locking.svg -- build/examples/buggy_examples/double_checked_locking
 */
// expect: data-race tsan helgrind

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct config { int buffer_size; int retries; };

static struct config *instance;         /* BUG: plain pointer, read unlocked */
static pthread_mutex_t instance_lock = PTHREAD_MUTEX_INITIALIZER;

static struct config *get_config(void)
{
    if (instance == NULL) {             /* first check, no lock (fast path) */
        pthread_mutex_lock(&instance_lock);
        if (instance == NULL) {         /* second check, under the lock */
            instance = calloc(1, sizeof *instance);   /* BUG: published ... */
            usleep(20000);                            /* (loading) */
            instance->buffer_size = 4096;             /* ... before it is */
            instance->retries = 3;                    /*     filled in    */
        }
        pthread_mutex_unlock(&instance_lock);
    }
    return instance;
}

static void *user(void *arg)
{
    usleep((useconds_t)(long)arg);
    struct config *c = get_config();
    printf("user: buffer size %d, retries %d (expected 4096, 3)\n",
           c->buffer_size, c->retries);
    return c->buffer_size == 4096 ? NULL : (void *)1;
}

int main(void)
{
    pthread_t t[3];
    void *bad;
    int failures = 0;
    for (long i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, user, (void *)(i * 5000));  /* staggered */
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], &bad);
        failures += bad != NULL;
    }
    printf("%d of 3 users saw a half-built config (expected 0)\n", failures);
    return failures ? 1 : 0;
}
