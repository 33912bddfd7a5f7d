/*
 * lost_update_counter.c -- two threads count events into one shared int.
 *
 * Bug: Two threads run `counter++` on a shared int without a lock, so increments are lost.
 * Category: AV (atomicity violation)
 *
 * What goes wrong: `counter++` is three steps -- load, add one, store. When
 * both threads load the same old value, both store old+1 and one increment
 * vanishes. The programmer assumed the increment was one indivisible step
 * (and `volatile` does not change that).
 *
 * How to see it: run it a few times. The total is almost always below the
 * expected value, and different each run. An optional argument sets the
 * number of increments per thread (default 1000000).
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=lost_update_counter.svg -- build/examples/buggy_examples/lost_update_counter
 */
// expect: data-race tsan helgrind

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* volatile makes the compiler do a real load and store for every increment
 * (otherwise gcc -O1 folds the loop into one addition). It does NOT make
 * counter++ atomic: that is part of the lesson. */
static volatile long counter;   /* shared, and nothing protects it */
static long iterations = 1000000;
static pthread_barrier_t start;  /* lets both threads start counting together */

static void *worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < iterations; i++)
        counter++;              /* BUG: load, add, store -- not atomic */
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
