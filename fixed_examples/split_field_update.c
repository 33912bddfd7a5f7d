/*
 * split_field_update.c (fixed) -- a point that must stay on the diagonal (x == y).
 *
 * Bug: The mover updates x inside the lock but y after unlocking, so readers see x != y.
 * Category: AV (atomicity violation)
 *
 * Fix: both stores now sit in the same critical section. A reader holding
 * pos_lock can only run before both or after both, never in between, so it
 * always sees x == y. Rule: every field that takes part in an invariant is
 * protected by the same lock, and updated in one critical section.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=split_field_update.svg -- build/examples/fixed_examples/split_field_update
 */
// expect: clean

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

static struct { long x, y; } pos;            /* invariant: x == y */
static pthread_mutex_t pos_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;             /* start both threads together */
static long moves = 20000;

static void *mover(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 1; i <= moves; i++) {
        pthread_mutex_lock(&pos_lock);
        pos.x = i;
        pos.y = i;                          /* FIX: same critical section as x */
        pthread_mutex_unlock(&pos_lock);
        sched_yield();                      /* "other work" */
    }
    return NULL;
}

static void *reader(void *arg)
{
    long torn = 0;
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < moves; i++) {
        pthread_mutex_lock(&pos_lock);
        if (pos.x != pos.y)
            torn++;
        pthread_mutex_unlock(&pos_lock);
        sched_yield();                      /* "other work" */
    }
    return (void *)torn;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        moves = atol(argv[1]);
    pthread_t m, r;
    void *torn;
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&m, NULL, mover, NULL);
    pthread_create(&r, NULL, reader, NULL);
    pthread_join(m, NULL);
    pthread_join(r, &torn);
    pthread_barrier_destroy(&start);
    printf("reader saw %ld torn points with x != y (expected 0)\n", (long)torn);
    return torn ? 1 : 0;
}
