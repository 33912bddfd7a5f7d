// main starts two workers and leaves with pthread_exit; the workers wait for
// a condition nobody will signal (a lost wakeup). The kernel still counts the
// exited main thread, which must not pass for a thread that could wake them:
// the hang is reported at the hang timeout, not left to the time limit.
// seconds: 12
// native-exit: 137
// timeout: 8
// exit: 66
// expect: hang @wait
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int go;

static void *worker(void *arg) {
    pthread_mutex_lock(&m);
    while (!go)
        pthread_cond_wait(&c, &m); // @wait
    pthread_mutex_unlock(&m);
    return arg;
}

int main(void) {
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    pthread_exit(NULL);
}
