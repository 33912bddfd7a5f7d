/*
 * abba_deadlock.c -- two threads take the same two locks in opposite orders.
 *
 * Bug: Thread 1 locks A then B while thread 2 locks B then A, so each ends up waiting for the lock the other holds.
 * Category: DL (deadlock)
 *
 * What goes wrong: thread 1 holds A and waits for B; thread 2 holds B and
 * waits for A. Neither can go on, forever. A barrier between the first and
 * the second lock makes sure both threads hold their first lock before
 * asking for the second, so it deadlocks on every run instead of now and then.
 *
 * How to see it: run it; it prints two lines and then hangs (Ctrl-C).
 * Picture (its lock graph):
 *   racecheck run --graph=abba_deadlock.svg -- build/examples/buggy_examples/abba_deadlock
 */
// expect: deadlock lockgraph
// expect: lock-order-inversion lockgraph
// known-miss: tsan lock-order-inversion TSan records lock order when a lock is acquired; in a real deadlock the second locks never are
// known-miss: helgrind lock-order-inversion Helgrind records lock order when a lock is acquired; in a real deadlock the second locks never are

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;   /* forces the bad interleaving */
static int shared_total;

static void *thread1(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock_a);
    printf("thread 1: holds A, wants B\n");
    pthread_barrier_wait(&both_hold_one);
    pthread_mutex_lock(&lock_b);            /* BUG: A then B */
    shared_total += 1;
    pthread_mutex_unlock(&lock_b);
    pthread_mutex_unlock(&lock_a);
    return NULL;
}

static void *thread2(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock_b);
    printf("thread 2: holds B, wants A\n");
    pthread_barrier_wait(&both_hold_one);
    pthread_mutex_lock(&lock_a);            /* BUG: B then A */
    shared_total += 2;
    pthread_mutex_unlock(&lock_a);
    pthread_mutex_unlock(&lock_b);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    setvbuf(stdout, NULL, _IOLBF, 0);       /* show each line before the hang */
    pthread_barrier_init(&both_hold_one, NULL, 2);
    pthread_create(&t1, NULL, thread1, NULL);
    pthread_create(&t2, NULL, thread2, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("total = %d (expected 3)\n", shared_total);
    return 0;
}
