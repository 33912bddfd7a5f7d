// Five philosophers, each taking its left then its right fork from an array
// of locks, one after another: a cycle over fork_lock[0..4]. Each element
// is named by its index in every report, and the graph has one node per lock.
// expect: lock-order-inversion @right
// lock-name: fork_lock[0]
// lock-name: fork_lock[1]
// lock-name: fork_lock[2]
// lock-name: fork_lock[3]
// lock-name: fork_lock[4]
// dot-nodes: 5
#include <pthread.h>
#include <unistd.h>
#define N 5
static pthread_mutex_t fork_lock[N];
static void *philosopher(void *arg)
{
    long i = (long)arg;
    usleep((useconds_t)(i * 20000));    /* one at a time: the cycle is found, never run */
    pthread_mutex_lock(&fork_lock[i]);
    pthread_mutex_lock(&fork_lock[(i + 1) % N]); /* @right */
    pthread_mutex_unlock(&fork_lock[(i + 1) % N]);
    pthread_mutex_unlock(&fork_lock[i]);
    return NULL;
}
int main(void)
{
    pthread_t t[N];
    for (long i = 0; i < N; i++)
        pthread_mutex_init(&fork_lock[i], NULL);
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, philosopher, (void *)i);
    for (long i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    return 0;
}
