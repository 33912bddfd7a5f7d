// A worker calls exit() while other threads hold locks and others are blocked
// on them (and main is blocked in pthread_join): atexit handlers run, the
// process ends with the worker's status, nothing is reported.
// expect: none
// native-exit: 5
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, n = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t holding;

static void at_exit(void) { printf("atexit handler ran\n"); }

static void *holder(void *arg) {
    pthread_mutex_lock(&m);
    pthread_mutex_lock(&n);
    pthread_barrier_wait(&holding);
    pause();
    return arg;
}

static void *blocked(void *arg) {
    pthread_barrier_wait(&holding);
    pthread_mutex_lock(&m);         /* never gets it */
    return arg;
}

static void *exiter(void *arg) {
    pthread_barrier_wait(&holding);
    usleep(100000);
    printf("worker calls exit(5)\n");
    exit(5);
    return arg;
}

int main(void) {
    atexit(at_exit);
    pthread_barrier_init(&holding, NULL, 3);
    pthread_t t[3];
    pthread_create(&t[0], NULL, holder, NULL);
    pthread_create(&t[1], NULL, blocked, NULL);
    pthread_create(&t[2], NULL, exiter, NULL);
    pthread_join(t[0], NULL);
    return 0;
}
