// The program redirects its standard error to /dev/null (dup2) and then
// makes a mistake in a thread: the finding reaches the report file anyway.
// expect: lock-leak @taken
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
    pthread_mutex_lock(&m); // @taken
    return arg;
}

int main(void) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 2);
    close(null);
    fprintf(stderr, "this goes nowhere\n");
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    printf("done\n");
    return 0;
}
