// Dining philosophers with a waiter: the forks' lock order is a cycle of
// five, but every edge is taken holding the waiter, so it cannot deadlock.
// Nothing is reported; the JSON report keeps the cycle as a note naming
// the gate lock.
// expect: none
// note: lock-order-inversion @right
// note-text: ruled out by lockgraph: every edge is taken under gate lock `waiter`
#include <pthread.h>
#define N 5
static pthread_mutex_t waiter = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t forks[N];
static void *philosopher(void *arg) {
    int left = (int)(long)arg, right = (left + 1) % N;
    for (int round = 0; round < 3; round++) {
        pthread_mutex_lock(&waiter);
        pthread_mutex_lock(&forks[left]);
        pthread_mutex_lock(&forks[right]); // @right
        pthread_mutex_unlock(&forks[right]);
        pthread_mutex_unlock(&forks[left]);
        pthread_mutex_unlock(&waiter);
    }
    return 0;
}
int main(void) {
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        pthread_mutex_init(&forks[i], 0);
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], 0, philosopher, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], 0);
    return 0;
}
