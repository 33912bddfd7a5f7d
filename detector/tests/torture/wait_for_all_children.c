// After a finding (whose stacks the detector symbolizes with a helper
// process), the program forks workers and reaps children with wait() until
// none is left, counting SIGCHLDs: it must see exactly its own children, and
// not hang waiting for the detector's helper.
// expect: lock-leak @taken
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t sigchlds;
static void on_chld(int sig) { (void)sig; sigchlds++; }

static void *worker(void *arg) {
    pthread_mutex_lock(&m); // @taken
    return arg;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    fflush(stdout);
    for (int i = 0; i < 3; i++)
        if (fork() == 0)
            _exit(i);
    int reaped = 0, status_sum = 0, status;
    while (wait(&status) > 0) {
        reaped++;
        status_sum += WEXITSTATUS(status);
    }
    usleep(100000);
    printf("reaped %d children, statuses add up to %d, %d SIGCHLD\n", reaped, status_sum,
           sigchlds > 0 ? 1 : 0);
    return 0;
}
