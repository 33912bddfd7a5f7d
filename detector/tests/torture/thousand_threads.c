// 1,000 threads created and joined in waves of 50, each nesting two locks in
// the same order; then 200 more created detached, counted down by a condvar.
// expect: none
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER, inner = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
static long counter;
static int detached_left = 200;

static void *worker(void *arg) {
    for (int i = 0; i < 20; i++) {
        pthread_mutex_lock(&outer);
        pthread_mutex_lock(&inner);
        counter++;
        pthread_mutex_unlock(&inner);
        pthread_mutex_unlock(&outer);
    }
    return arg;
}

static void *detached(void *arg) {
    worker(arg);
    pthread_mutex_lock(&outer);
    if (--detached_left == 0)
        pthread_cond_signal(&all_done);
    pthread_mutex_unlock(&outer);
    return NULL;
}

int main(void) {
    long joined = 0;
    for (int wave = 0; wave < 20; wave++) {
        pthread_t t[50];
        for (int i = 0; i < 50; i++)
            if (pthread_create(&t[i], NULL, worker, (void *)(long)i) != 0)
                return 1;
        for (int i = 0; i < 50; i++) {
            void *r;
            pthread_join(t[i], &r);
            joined += (long)r == i;
        }
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < 200; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, detached, NULL) != 0)
            return 1;
    }
    pthread_mutex_lock(&outer);
    while (detached_left > 0)
        pthread_cond_wait(&all_done, &outer);
    pthread_mutex_unlock(&outer);
    printf("joined %ld, counter %ld\n", joined, counter);
    return 0;
}
