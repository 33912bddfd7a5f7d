// main ends with pthread_exit while workers go on; the process ends when the
// last worker does, with status 0 and the workers' output.
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg) {
    usleep(100000);
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&m);
        counter++;
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    if (counter == 30000)
        printf("last worker done: counter %ld\n", counter);
    pthread_mutex_unlock(&m);
    return arg;
}

int main(void) {
    pthread_t t;
    for (int i = 0; i < 3; i++) {
        pthread_create(&t, NULL, worker, NULL);
        pthread_detach(t);
    }
    printf("main calls pthread_exit\n");
    fflush(stdout);
    pthread_exit(NULL);
}
