/*
 * lost_update_counter.c (fixed) -- two threads count events into one shared int.
 *
 * Bug: Two threads run `counter++` on a shared int without a lock, so increments are lost.
 * Category: AV (atomicity violation)
 *
 * Fix: each increment now happens inside a critical section guarded by
 * `counter_lock`. Only one thread at a time can do the load/add/store, so no
 * increment can be overwritten; and the unlock/lock pair orders every update
 * before the next one, so the final read after pthread_join sees them all.
 * (An `atomic_long` with atomic_fetch_add would be an equally good fix.)
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=lost_update_counter.svg -- build/examples/fixed_examples/lost_update_counter
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long counter;   /* volatile kept: harmless, but not the fix */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long iterations = 200000;   /* fewer: locking is slow under Helgrind */
static pthread_barrier_t start;  /* lets both threads start counting together */

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iterations; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;              /* FIX: the whole read-modify-write is protected */
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        iterations = atol(argv[1]);

    pthread_t a, b;
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&a, NULL, worker, NULL);
    pthread_create(&b, NULL, worker, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_barrier_destroy(&start);

    printf("counter = %ld (expected %ld)\n", counter, 2 * iterations);
    return counter == 2 * iterations ? 0 : 1;
}
