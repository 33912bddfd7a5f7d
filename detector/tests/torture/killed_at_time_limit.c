// A program that makes a finding and then never ends, ignoring SIGTERM: it is
// killed at the time limit (racecheck's SIGTERM, then SIGKILL, which nothing
// can catch), and the finding made before is in the report.
// expect: lock-leak @taken
// timeout: 2
// native-exit: 137
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
    pthread_mutex_lock(&m); // @taken
    return arg;
}

int main(void) {
    signal(SIGTERM, SIG_IGN);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    write(1, "finding made, now waiting forever\n", 34);
    for (;;)
        pause();
}
