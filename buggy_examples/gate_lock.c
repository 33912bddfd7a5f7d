/*
 * gate_lock.c -- two jobs that need both halves of a table, guarded by a gate lock.
 *
 * Bug: The rebalance job takes the two table locks in the opposite order to the merge job and forgets to take the gate lock that was meant to make that safe, so the two jobs deadlock.
 * Category: DL (deadlock)
 *
 * What goes wrong: the design says "whoever needs both halves first takes
 * gate_lock"; then at most one such thread runs, and the order of left/right
 * inside does not matter. merge() follows the rule (gate, left, right), but
 * rebalance() was added later and takes right, then left, without the gate.
 * With the gate skipped, opposite orders can meet: merge holds left and waits
 * for right, rebalance holds right and waits for left. The sleeps (the work
 * done on each half) make them meet on every run.
 *
 * How to see it: run it; it prints two lines and hangs.
 * Picture (its lock graph):
 *   racecheck run --graph=gate_lock.svg -- build/examples/buggy_examples/gate_lock
 */
// expect: deadlock lockgraph
// expect: lock-order-inversion lockgraph
// known-miss: tsan lock-order-inversion TSan records lock order when a lock is acquired; in a real deadlock the second locks never are
// known-miss: helgrind lock-order-inversion Helgrind records lock order when a lock is acquired; in a real deadlock the second locks never are

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t gate_lock  = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t left_lock  = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t right_lock = PTHREAD_MUTEX_INITIALIZER;
static int left_rows = 10, right_rows = 10;

static void *merge(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&gate_lock);
    pthread_mutex_lock(&left_lock);
    printf("merge: holds left, wants right\n");
    usleep(50000);                      /* scan the left half */
    pthread_mutex_lock(&right_lock);
    left_rows += right_rows;
    right_rows = 0;
    pthread_mutex_unlock(&right_lock);
    pthread_mutex_unlock(&left_lock);
    pthread_mutex_unlock(&gate_lock);
    return NULL;
}

static void *rebalance(void *arg)
{
    (void)arg;
    usleep(10000);
    pthread_mutex_lock(&right_lock);    /* BUG: no gate_lock, and right first */
    printf("rebalance: holds right, wants left\n");
    usleep(50000);                      /* scan the right half */
    pthread_mutex_lock(&left_lock);
    int total = left_rows + right_rows;
    left_rows = total / 2;
    right_rows = total - left_rows;
    pthread_mutex_unlock(&left_lock);
    pthread_mutex_unlock(&right_lock);
    return NULL;
}

int main(void)
{
    pthread_t m, r;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&m, NULL, merge, NULL);
    pthread_create(&r, NULL, rebalance, NULL);
    pthread_join(m, NULL);
    pthread_join(r, NULL);
    printf("rows: left %d, right %d, total %d (expected 20)\n",
           left_rows, right_rows, left_rows + right_rows);
    return 0;
}
