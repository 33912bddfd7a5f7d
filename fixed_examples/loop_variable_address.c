/*
 * loop_variable_address.c (fixed) -- start four workers, each with its own id.
 *
 * Bug: Every thread is passed the address of the loop variable `i`, which the loop keeps changing, instead of its own id.
 * Category: OV (order violation)
 *
 * Fix: each thread gets the address of its own array element ids[i], which
 * is written before pthread_create and never changed afterwards. The write
 * happens before the thread starts, so the thread reads the right value no
 * matter when it runs, and nothing else writes that element.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=loop_variable_address.svg -- build/examples/fixed_examples/loop_variable_address
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NTHREADS 4

static int seen[NTHREADS];
static int nseen;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    usleep(1000);                       /* thread set-up */
    int id = *(int *)arg;               /* this thread's own element */
    pthread_mutex_lock(&seen_lock);
    seen[nseen++] = id;
    pthread_mutex_unlock(&seen_lock);
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    int ids[NTHREADS];                  /* FIX: one slot per thread */
    int i, ok = 1;
    for (i = 0; i < NTHREADS; i++) {
        ids[i] = i;
        pthread_create(&t[i], NULL, worker, &ids[i]);
    }
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
