// A correct threaded program ends with _exit(): no atexit handlers, no
// destructors, so nothing of the detector runs at the end. Its JSON report
// must still exist and say it found nothing.
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *worker(void *arg) {
    pthread_mutex_lock(&m);
    counter++;
    pthread_mutex_unlock(&m);
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    printf("counter %d\n", counter);
    fflush(stdout);
    _exit(0);
}
