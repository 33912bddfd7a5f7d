// The only thread waits in sem_wait longer than the hang timeout, for a post
// that a SIGALRM handler makes (sem_post is async-signal-safe). A timer is
// armed, so the wait will end: not a hang.
// seconds: 15
// expect: none
#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sem_t s;
static void on_alarm(int sig) { (void)sig; sem_post(&s); }

int main(void) {
    sem_init(&s, 0, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    alarm(3);                     /* longer than the hang timeout (2 s here) */
    int r;
    while ((r = sem_wait(&s)) != 0 && errno == EINTR)
        ;
    printf("woken by the alarm: %d\n", r);
    return 0;
}
