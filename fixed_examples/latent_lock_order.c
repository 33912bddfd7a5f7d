/*
 * latent_lock_order.c (fixed) -- a two-phase job: phase 1 locks A then B, phase 2 locks B then A.
 *
 * Bug: Phase 2 takes the locks in the opposite order to phase 1 and is started after a sleep instead of after phase 1 has finished, so the two can deadlock.
 * Category: DL (deadlock)
 *
 * Fix: main joins phase 1 before it creates phase 2. The two threads can now
 * never run at the same time, so their opposite lock orders can never meet
 * and no deadlock is possible -- whatever the delay.
 *
 * This twin is a trap for naive lock-order checkers: the lock-order graph
 * still contains A->B and B->A, but the join orders the two edges. lockgraph
 * knows about joins and stays quiet; TSan and Helgrind keep a lock-order
 * graph without happens-before and report a (false) inversion.
 * (Taking both locks in one order, A then B, would be the more robust fix.)
 * Picture (its lock graph):
 *   racecheck run --graph=latent_lock_order.svg -- build/examples/fixed_examples/latent_lock_order
 */
// expect: clean
// known-false-positive: tsan lock-order-inversion TSan's deadlock detector ignores that phase 1 was joined before phase 2 was created
// known-false-positive: helgrind lock-order-inversion Helgrind's lock-order graph ignores that phase 1 was joined before phase 2 was created

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
    pthread_mutex_lock(&lock_a);        /* B then A: safe, phase 1 is over */
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
    usleep(delay_ms * 1000);
    pthread_join(p1, NULL);             /* FIX: phase 1 is really finished */
    pthread_create(&p2, NULL, phase2, NULL);
    printf("phase 2 started after phase 1 was joined\n");
    pthread_join(p2, NULL);
    printf("finished: a = %d, b = %d (expected 2 and 2)\n", data_a, data_b);
    return 0;
}
