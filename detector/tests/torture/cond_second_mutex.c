// One condition variable, used first with mutex a and then, after every wait
// on it has returned, with mutex b: POSIX binds a condition variable to a
// mutex only while threads wait on it, so this is not a misuse.
// expect: none
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static int ready, waiting;

/* Waits on changed with mutex m until ready; waiting counts the threads that
 * are in (or have been in) the wait: m is released only inside the wait. */
static void *waiter(void *m) {
    pthread_mutex_lock(m);
    waiting++;
    while (!ready)
        pthread_cond_wait(&changed, m);
    pthread_mutex_unlock(m);
    return NULL;
}

/* Starts n waiters with m, lets them all reach the wait, wakes them, joins. */
static void round_with(pthread_mutex_t *m, int n) {
    pthread_t t[4];
    ready = waiting = 0;
    for (int i = 0; i < n; i++)
        pthread_create(&t[i], NULL, waiter, m);
    for (;;) {
        pthread_mutex_lock(m);
        int all = waiting == n;
        if (all) {
            ready = 1;
            pthread_cond_broadcast(&changed);
        }
        pthread_mutex_unlock(m);
        if (all)
            break;
        sched_yield();
    }
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
}

int main(void) {
    round_with(&a, 2);
    round_with(&b, 1);
    round_with(&a, 3);
    printf("done\n");
    return 0;
}
