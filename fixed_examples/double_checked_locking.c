/*
 * double_checked_locking.c (fixed) -- a lazily created singleton with a lock-free fast path.
 *
 * Bug: get_config() tests the plain pointer `instance` without the lock, and the creating thread stores the pointer before it has filled in the object, so other threads use a half-built object.
 * Category: OV (order violation)
 *
 * Fix: the unlocked first check is gone; every call takes instance_lock
 * and reads `instance` under it. The creator fills the object in while still
 * holding the lock, and a later caller can only read the pointer after that
 * unlock, so it always sees the finished object. An uncontended lock costs
 * tens of nanoseconds; keep the fast path only if measurements demand it,
 * and then use an _Atomic pointer, filled in completely before an
 * atomic_store_explicit(..., memory_order_release) and read with
 * memory_order_acquire. (That version is correct too, but Helgrind does not
 * understand C11 atomics and would report it, so this twin uses the lock.)
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=double_checked_locking.svg -- build/examples/fixed_examples/double_checked_locking
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct config { int buffer_size; int retries; };

static struct config *instance;         /* protected by instance_lock */
static pthread_mutex_t instance_lock = PTHREAD_MUTEX_INITIALIZER;

static struct config *get_config(void)
{
    struct config *c;
    pthread_mutex_lock(&instance_lock); /* FIX: no unlocked fast path */
    if (instance == NULL) {
        instance = calloc(1, sizeof *instance);
        usleep(20000);                  /* (loading) */
        instance->buffer_size = 4096;
        instance->retries = 3;
    }
    c = instance;
    pthread_mutex_unlock(&instance_lock);
    return c;
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
