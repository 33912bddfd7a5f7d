/* Dining philosophers with a waiter: each philosopher asks the waiter (a
 * mutex) before picking up the left fork, then the right one. The forks'
 * lock order has a cycle, but every edge of it is taken holding the waiter,
 * so it can never deadlock. TSan and Helgrind report the cycle; lockgraph
 * rules it out and says why (tests/notes.test). */
#include <pthread.h>
#include <stdio.h>

#define N 5

static pthread_mutex_t waiter = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t forks[N];
static int meals[N];

static void *philosopher(void *arg)
{
    int i = (int)(long)arg, left = i, right = (i + 1) % N;
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&waiter);
        pthread_mutex_lock(&forks[left]);
        pthread_mutex_lock(&forks[right]);
        meals[i]++;
        pthread_mutex_unlock(&forks[right]);
        pthread_mutex_unlock(&forks[left]);
        pthread_mutex_unlock(&waiter);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        pthread_mutex_init(&forks[i], NULL);
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, philosopher, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    int total = 0;
    for (int i = 0; i < N; i++)
        total += meals[i];
    printf("%d meals\n", total);
    return 0;
}
