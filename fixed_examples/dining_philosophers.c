/*
 * dining_philosophers.c (fixed) -- five philosophers, five forks, a round table.
 *
 * Bug: Every philosopher picks up the left fork and then the right one, so when all five hold their left fork they all wait forever for the right one.
 * Category: DL (deadlock)
 *
 * Fix: every philosopher picks up the lower-numbered of its two forks first.
 * For philosophers 0-3 that is still left-then-right; philosopher 4 now takes
 * fork 0 before fork 4. All locks are taken in increasing fork number, so the
 * lock-order graph has no cycle and the waiting cycle cannot close.
 * Picture (its lock graph):
 *   racecheck run --graph=dining_philosophers.svg -- build/examples/fixed_examples/dining_philosophers
 */
// expect: clean

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
    int first = left < right ? left : right;    /* FIX: lower number first */
    int second = left < right ? right : left;
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&fork_lock[first]);
        printf("philosopher %d has fork %d\n", i, first);
        usleep(20000);                  /* admire the fork */
        pthread_mutex_lock(&fork_lock[second]);
        meals[i]++;
        pthread_mutex_unlock(&fork_lock[second]);
        pthread_mutex_unlock(&fork_lock[first]);
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
