// SIGALRM without SA_RESTART interrupts sem_wait (EINTR, as libc does) and a
// condition wait (which may wake spuriously or go on waiting; a predicate loop
// copes). The detector must pass EINTR through and never add a wakeup that
// changes what the program prints.
// expect: none
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int flag;

static void arm(long usec) {
    struct itimerval it = {{0, 0}, {0, usec}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void *setter(void *arg) {
    usleep(300000);
    pthread_mutex_lock(&m);
    flag = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    return arg;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;       /* no SA_RESTART */
    sigaction(SIGALRM, &sa, NULL);
    sem_t s;
    sem_init(&s, 0, 0);
    for (int i = 0; i < 3; i++) {
        arm(50000);
        int r = sem_wait(&s);
        printf("sem_wait %d: %d %s\n", i, r, r ? strerror(errno) : "");
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    arm(50000);
    int r = sem_timedwait(&s, &until);
    printf("sem_timedwait: %d %s\n", r, r ? strerror(errno) : "");

    /* the alarm lands in the main thread while it waits on the condvar
       (other threads block SIGALRM) */
    sigset_t alrm, old;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &alrm, &old);
    pthread_t t;
    pthread_create(&t, NULL, setter, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    arm(50000);
    pthread_mutex_lock(&m);
    while (!flag)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    pthread_join(t, NULL);
    /* the last alarm may land before or after the wait ends: not counted */
    printf("flag %d, at least 4 alarms: %s\n", flag, alarms >= 4 ? "yes" : "no");
    return 0;
}
