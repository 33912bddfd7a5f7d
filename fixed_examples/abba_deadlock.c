/*
 * abba_deadlock.c (fixed) -- two threads take the same two locks in opposite orders.
 *
 * Bug: Thread 1 locks A then B while thread 2 locks B then A, so each ends up waiting for the lock the other holds.
 * Category: DL (deadlock)
 *
 * Fix: both threads now take the locks in the same global order, A before
 * B. A thread that holds B therefore already holds A, so no thread can ever
 * wait for A while holding B: the waiting cycle cannot form. (The barrier now
 * only starts the two threads together; it must not be called while holding
 * a lock the other thread needs, or it would itself cause a hang.)
 * Picture (its lock graph):
 *   racecheck run --graph=abba_deadlock.svg -- build/examples/fixed_examples/abba_deadlock
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;           /* start both threads together */
static int shared_total;

static void *thread1(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    pthread_mutex_lock(&lock_a);            /* A then B */
    pthread_mutex_lock(&lock_b);
    shared_total += 1;
    pthread_mutex_unlock(&lock_b);
    pthread_mutex_unlock(&lock_a);
    return NULL;
}

static void *thread2(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    pthread_mutex_lock(&lock_a);            /* FIX: also A then B */
    pthread_mutex_lock(&lock_b);
    shared_total += 2;
    pthread_mutex_unlock(&lock_b);
    pthread_mutex_unlock(&lock_a);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&t1, NULL, thread1, NULL);
    pthread_create(&t2, NULL, thread2, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("total = %d (expected 3)\n", shared_total);
    return 0;
}
