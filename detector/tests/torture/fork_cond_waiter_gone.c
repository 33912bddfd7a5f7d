// A thread waits on a condition variable with mutex m1 when main forks. In
// the child that waiter does not exist, so the condition variable has no
// waits in progress there, and the child may use it with another mutex (a
// timed wait with m2): POSIX binds a condition variable to a mutex only while
// threads wait on it. Nothing is reported, in the parent or the child.
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int waiting, go;

static void *waiter(void *arg) {
    pthread_mutex_lock(&m1);
    waiting = 1;
    while (!go)
        pthread_cond_wait(&c, &m1);
    pthread_mutex_unlock(&m1);
    return arg;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    for (;;) {                       /* until the waiter is in its wait */
        pthread_mutex_lock(&m1);
        int in = waiting;
        pthread_mutex_unlock(&m1);
        if (in)
            break;
        usleep(1000);
    }
    usleep(20 * 1000);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec soon;
        clock_gettime(CLOCK_REALTIME, &soon);
        soon.tv_nsec += 10 * 1000 * 1000;
        if (soon.tv_nsec >= 1000000000L) { soon.tv_sec++; soon.tv_nsec -= 1000000000L; }
        pthread_mutex_lock(&m2);
        int r = pthread_cond_timedwait(&c, &m2, &soon);
        pthread_mutex_unlock(&m2);
        _exit(r == 0 || r == 110 ? 0 : 1);   /* 110: ETIMEDOUT */
    }
    int status;
    waitpid(pid, &status, 0);
    pthread_mutex_lock(&m1);
    go = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m1);
    pthread_join(t, NULL);
    printf("child exit %d\n", WEXITSTATUS(status));
    return 0;
}
