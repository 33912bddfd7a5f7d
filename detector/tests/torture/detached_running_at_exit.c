// Detached threads are still running, taking and holding locks, when main
// returns: the process exits with main's status and output, nothing reported.
// expect: none
// native-exit: 3
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static volatile long spins;

static void *spinner(void *arg) {
    for (;;) {
        pthread_mutex_lock(&a);
        pthread_mutex_lock(&b);
        spins++;
        pthread_mutex_unlock(&b);
        pthread_mutex_unlock(&a);
    }
    return arg;
}

static void *sleeper(void *arg) {
    pthread_mutex_lock(&b);
    pthread_cond_wait(&never, &b);      /* never signalled */
    return arg;
}

int main(void) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    for (int i = 0; i < 3; i++)
        pthread_create(&t, &attr, spinner, NULL);
    pthread_create(&t, &attr, sleeper, NULL);
    usleep(200000);
    printf("main returns while 4 detached threads run\n");
    return 3;
}
