// Workers take queue -> stats; main joins them all and only then, at the
// end, takes stats -> queue to print a summary. The workers' acquisitions
// happen before main's (each join orders them): no inversion.
// expect: none
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long queued, counted;

static void *worker(void *arg) {
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&queue_lock);
        queued++;
        pthread_mutex_lock(&stats_lock);
        counted++;
        pthread_mutex_unlock(&stats_lock);
        pthread_mutex_unlock(&queue_lock);
    }
    return arg;
}

int main(void) {
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    pthread_mutex_lock(&stats_lock);
    pthread_mutex_lock(&queue_lock);
    printf("%ld queued, %ld counted\n", queued, counted);
    pthread_mutex_unlock(&queue_lock);
    pthread_mutex_unlock(&stats_lock);
    return 0;
}
