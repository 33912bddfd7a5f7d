// More live threads than the detector's thread table holds (8,192): one
// warning says coverage is reduced, the untracked threads run unchanged, and
// none of them is reported for what the detector could not follow.
// warning: thread table full
// seconds: 30
// expect: none
#include <pthread.h>
#include <stdio.h>

#define THREADS 8300
static pthread_barrier_t all_started;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg) {
    pthread_barrier_wait(&all_started);   /* every thread is alive at once */
    for (int i = 0; i < 10; i++) {
        pthread_mutex_lock(&m);
        counter++;
        pthread_mutex_unlock(&m);
    }
    return arg;
}

int main(void) {
    pthread_barrier_init(&all_started, NULL, THREADS);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    static pthread_t t[THREADS];
    int made = 0;
    for (int i = 0; i < THREADS; i++)
        made += pthread_create(&t[i], &attr, worker, NULL) == 0;
    if (made != THREADS)
        return 1;
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("%d threads, counter %ld\n", made, counter);
    return 0;
}
