/*
 * dining_philosophers.c -- five philosophers, five forks, a round table.
 *
 * Bug: Every philosopher picks up the left fork and then the right one, so when all five hold their left fork they all wait forever for the right one.
 * Category: DL (deadlock)
 *
 * What goes wrong: philosopher i locks fork i, then fork (i+1) % 5. The
 * lock-order graph is the cycle 0->1->2->3->4->0. Each philosopher thinks for
 * a moment holding the left fork (usleep), so all five take their left fork
 * before anyone takes a right one and the cycle of waiting closes every run.
 *
 * How to see it: run it; five "has left fork" lines, then a hang.
 * Picture (its lock graph):
 *   racecheck run --graph=dining_philosophers.svg -- build/examples/buggy_examples/dining_philosophers
 */
// expect: deadlock lockgraph
// expect: lock-order-inversion lockgraph
// known-miss: tsan lock-order-inversion TSan records lock order when a lock is acquired; in a real deadlock the second locks never are
// known-miss: helgrind lock-order-inversion Helgrind records lock order when a lock is acquired; in a real deadlock the second locks never are

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define N 5

static pthread_mutex_t fork_lock[N];
static int meals[N];

static void *philosopher(void *arg)
{
    int i = (int)(long)arg;
    int left = i, right = (i + 1) % N;
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&fork_lock[left]);
        printf("philosopher %d has left fork %d\n", i, left);
        usleep(20000);                  /* admire the fork (widens the window) */
        pthread_mutex_lock(&fork_lock[right]);  /* BUG: everyone left-then-right */
        meals[i]++;
        pthread_mutex_unlock(&fork_lock[right]);
        pthread_mutex_unlock(&fork_lock[left]);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 0; i < N; i++)
        pthread_mutex_init(&fork_lock[i], NULL);
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, philosopher, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < N; i++)
        printf("philosopher %d ate %d meals (expected 3)\n", i, meals[i]);
    return 0;
}
