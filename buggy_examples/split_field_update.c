/*
 * split_field_update.c -- a point that must stay on the diagonal (x == y).
 *
 * Bug: The mover updates x inside the lock but y after unlocking, so readers see x != y.
 * Category: AV (atomicity violation)
 *
 * What goes wrong: the invariant "x == y" involves two fields, so both must
 * change in ONE critical section. The mover unlocks between the two stores
 * (it "only needs the lock for x"); a reader that takes the lock in that gap
 * sees a half-updated point. The write of y is also a data race. (The
 * sched_yield() calls stand in for other work each thread does; they make
 * the reader land in the gap on almost every move, also under Valgrind,
 * which runs one thread at a time.)
 *
 * How to see it: run it; it prints how many torn points the reader saw
 * (expected 0). An optional argument sets the number of moves (default 20000).
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=split_field_update.svg -- build/examples/buggy_examples/split_field_update
 */
// expect: data-race tsan helgrind

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
        pthread_mutex_unlock(&pos_lock);
        sched_yield();                      /* "other work"; widens the gap */
        pos.y = i;                          /* BUG: second field updated outside the lock */
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
