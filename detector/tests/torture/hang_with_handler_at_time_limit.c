// A real lost wakeup in a program that has a SIGUSR1 handler: a signal from
// another process could still post the semaphore, so the detector does not
// end the program at the hang timeout; it reports the hang just before the
// run's time limit (racecheck run --timeout), when the run would be stopped
// anyway. Natively it is killed at the limit.
// timeout: 8
// native-exit: 137
// exit: 66
// seconds: 12
// expect: hang @wait
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sem_t s;
static void on_usr1(int sig) { (void)sig; sem_post(&s); }

int main(void) {
    sem_init(&s, 0, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    return sem_wait(&s); // @wait
}
