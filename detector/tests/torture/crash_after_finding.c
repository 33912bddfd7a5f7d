// A crash (SIGSEGV) right after a finding: the process dies of the signal
// (status 139), and the finding made before is in the report.
// expect: lock-leak @taken
// exit: 139
// native-exit: 139
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
    pthread_mutex_lock(&m); // @taken
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    write(1, "about to crash\n", 15);
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
    return 0;
}
