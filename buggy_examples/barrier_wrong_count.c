/*
 * barrier_wrong_count.c -- worker threads that meet at a barrier between two phases.
 *
 * Bug: The barrier is initialised for NTHREADS + 1 threads ("the workers and main") but main never waits on it, so the workers wait forever for a participant that never comes.
 * Category: MU (API misuse)
 *
 * What goes wrong: pthread_barrier_wait returns only when exactly `count`
 * threads have called it. Three workers arrive, the barrier waits for a
 * fourth, and main is blocked in pthread_join: every thread waits, nobody
 * can move. No lock is involved; it is a hang.
 *
 * How to see it: run it; phase 1 finishes and phase 2 never starts.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=barrier_wrong_count.svg -- build/examples/buggy_examples/barrier_wrong_count
 */
// expect: hang lockgraph

#include <pthread.h>
#include <stdio.h>

#define NTHREADS 3

static pthread_barrier_t phase_done;
static int partial[NTHREADS], total;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    partial[id] = id + 1;               /* phase 1: own slot only */
    printf("worker %d: phase 1 done\n", id);
    if (pthread_barrier_wait(&phase_done) == PTHREAD_BARRIER_SERIAL_THREAD) {
        for (int i = 0; i < NTHREADS; i++)  /* phase 2: one thread sums */
            total += partial[i];
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_barrier_init(&phase_done, NULL, NTHREADS + 1);  /* BUG: main never waits */
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    printf("total = %d (expected 6)\n", total);
    pthread_barrier_destroy(&phase_done);
    return 0;
}
