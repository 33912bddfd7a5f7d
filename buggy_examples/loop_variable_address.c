/*
 * loop_variable_address.c -- start four workers, each with its own id.
 *
 * Bug: Every thread is passed the address of the loop variable `i`, which the loop keeps changing, instead of its own id.
 * Category: OV (order violation)
 *
 * What goes wrong: pthread_create(..., &i) passes a pointer, not a value.
 * A new thread reads *arg some time later; by then main has usually
 * incremented i (or finished the loop), so several threads read the same,
 * wrong id. The programmer assumed each thread reads *arg before the loop
 * moves on. A short usleep before the read shows the effect every time.
 *
 * How to see it: run it; the ids printed are repeated (often all 4).
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=loop_variable_address.svg -- build/examples/buggy_examples/loop_variable_address
 */
// expect: data-race tsan helgrind

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NTHREADS 4

static int seen[NTHREADS];
static int nseen;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    usleep(1000);                       /* thread set-up; the loop moves on meanwhile */
    int id = *(int *)arg;               /* BUG: reads main's loop variable */
    pthread_mutex_lock(&seen_lock);
    seen[nseen++] = id;
    pthread_mutex_unlock(&seen_lock);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    int i, ok = 1;
    for (i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, &i);    /* BUG: &i is shared by all */
    for (int j = 0; j < NTHREADS; j++)
        pthread_join(t[j], NULL);

    printf("ids seen:");
    for (int j = 0; j < NTHREADS; j++) {
        printf(" %d", seen[j]);
        for (int k = 0; k < j; k++)
            if (seen[k] == seen[j])
                ok = 0;                 /* the same id twice */
    }
    printf(" (expected 0 1 2 3 in any order)\n");
    return ok ? 0 : 1;
}
