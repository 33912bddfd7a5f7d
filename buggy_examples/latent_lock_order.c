/*
 * latent_lock_order.c -- a two-phase job: phase 1 locks A then B, phase 2 locks B then A.
 *
 * Bug: Phase 2 takes the locks in the opposite order to phase 1 and is started after a sleep instead of after phase 1 has finished, so the two can deadlock.
 * Category: DL (deadlock)
 *
 * What goes wrong: main starts phase 2 "a little later" and assumes phase 1
 * is done by then. Usually it is, and the program works -- a latent
 * deadlock. If phase 1 is ever delayed (a loaded machine, a slow disk),
 * both phases run at once with opposite lock orders and hang. A lock-order
 * checker finds it on the runs that work, because the two orders A->B and
 * B->A form a cycle and nothing forces the phases apart.
 *
 * How to see it: run it normally (it finishes); run `./latent_lock_order 10`
 * to shorten the delay from 200 ms to 10 ms and watch it hang. Or let
 * racecheck steer a run into the deadlock it predicts:
 *   racecheck check --explore=20 buggy_examples/latent_lock_order.c
 * reports the inversion "confirmed: it deadlocked in a run steered toward
 * it", and its replay (racecheck check --explore=1 --tools=lockgraph
 * buggy_examples/latent_lock_order.c) deadlocks every time.
 * Picture (its lock graph):
 *   racecheck run --graph=latent_lock_order.svg -- build/examples/buggy_examples/latent_lock_order
 */
// expect: lock-order-inversion lockgraph tsan helgrind

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static int data_a, data_b;

static void *phase1(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock_a);
    usleep(50000);                      /* phase 1 works on A for 50 ms */
    pthread_mutex_lock(&lock_b);        /* A then B */
    data_b = ++data_a;
    pthread_mutex_unlock(&lock_b);
    pthread_mutex_unlock(&lock_a);
    return NULL;
}

static void *phase2(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock_b);
    usleep(50000);                      /* phase 2 works on B for 50 ms */
    pthread_mutex_lock(&lock_a);        /* BUG: B then A */
    data_a = ++data_b;
    pthread_mutex_unlock(&lock_a);
    pthread_mutex_unlock(&lock_b);
    return NULL;
}

int main(int argc, char **argv)
{
    int delay_ms = argc > 1 ? atoi(argv[1]) : 200;
    pthread_t p1, p2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&p1, NULL, phase1, NULL);
    usleep(delay_ms * 1000);            /* BUG: "phase 1 is surely done by now" */
    pthread_create(&p2, NULL, phase2, NULL);
    printf("phase 2 started %d ms after phase 1\n", delay_ms);
    pthread_join(p1, NULL);
    pthread_join(p2, NULL);
    printf("finished: a = %d, b = %d (this run got lucky)\n", data_a, data_b);
    return 0;
}
