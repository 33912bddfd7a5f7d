// The only thread waits in sem_wait longer than the hang timeout. Another
// process (not a child: it was double-forked) sends SIGUSR1 after 3.5 s, and
// the handler posts the semaphore (sem_post is async-signal-safe). A handler
// is installed, so the wait can end from outside: not a hang, never killed.
// seconds: 15
// expect: none
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t s;
static void on_usr1(int sig) { (void)sig; sem_post(&s); }

int main(void) {
    sem_init(&s, 0, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    pid_t me = getpid();
    pid_t middle = fork();
    if (middle == 0) {
        if (fork() == 0) {          /* the other process: no child of ours */
            usleep(3500 * 1000);
            kill(me, SIGUSR1);
        }
        _exit(0);
    }
    waitpid(middle, NULL, 0);
    int r = sem_wait(&s);
    printf("sem_wait returned %d\n", r);
    return r;
}
