// The only thread waits in sem_wait longer than the hang timeout, twice: a
// POSIX timer posts the semaphore after 3 s, first by a signal whose handler
// posts (SIGEV_SIGNAL), then from the thread glibc starts for SIGEV_THREAD,
// which the program never created. Either timer can end the wait: not a hang.
// seconds: 20
// build: -lrt
// expect: none
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static sem_t s;
static void on_timer_signal(int sig) { (void)sig; sem_post(&s); }
static void on_timer_thread(union sigval v) { (void)v; sem_post(&s); }

static void arm_once(timer_t t) {
    struct itimerspec in3 = {{0, 0}, {3, 0}};
    timer_settime(t, 0, &in3, NULL);
}

int main(void) {
    sem_init(&s, 0, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_timer_signal;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGRTMIN + 1, &sa, NULL);

    timer_t by_signal, by_thread;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 1;
    timer_create(CLOCK_MONOTONIC, &ev, &by_signal);
    arm_once(by_signal);
    printf("SIGEV_SIGNAL timer: %d\n", sem_wait(&s));
    timer_delete(by_signal);

    /* no handler left that could post: only the timer's thread can */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_timer_thread;
    timer_create(CLOCK_MONOTONIC, &ev, &by_thread);
    arm_once(by_thread);
    printf("SIGEV_THREAD timer: %d\n", sem_wait(&s));
    timer_delete(by_thread);
    return 0;
}
