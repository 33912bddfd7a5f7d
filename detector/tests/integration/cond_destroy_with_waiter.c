// A worker waits on a condition variable that nobody will signal; main
// destroys it. POSIX leaves that undefined; glibc's destroy waits for the
// waiter, so both threads now wait for ever. The destroy is a misuse, and
// the blocked destroyer counts for the watchdog: a hang, not a frozen run.
// expect: misuse @destroy
// expect: hang @wait @destroy
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int started;

static void *waiter(void *arg) {
    pthread_mutex_lock(&m);
    started = 1;
    pthread_cond_wait(&c, &m); // @wait
    pthread_mutex_unlock(&m);
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    for (;;) {                        /* until the waiter is inside the wait */
        pthread_mutex_lock(&m);
        int in = started;
        pthread_mutex_unlock(&m);
        if (in)
            break;
        usleep(1000);
    }
    pthread_cond_destroy(&c); // @destroy
    pthread_join(t, NULL);
    return 0;
}
