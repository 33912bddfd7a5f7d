// A signal handler runs while its thread is inside wrapped calls (blocked in
// pthread_mutex_lock, sem_wait, pthread_cond_wait, pthread_join), and itself
// calls a wrapped function (sem_post, which is async-signal-safe). Every call
// still returns what libc returns; nothing is reported.
// expect: none
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static sem_t from_handler, started;
static volatile sig_atomic_t handled;
static int ready;

static void on_usr1(int sig) {
    (void)sig;
    handled++;
    sem_post(&from_handler);     /* wakes the sem_wait the thread may be in */
}

static void *waiter(void *arg) {
    (void)arg;
    sem_post(&started);
    pthread_mutex_lock(&m);              /* main holds m: blocked, signalled */
    pthread_mutex_unlock(&m);
    int r;
    do r = sem_wait(&from_handler); while (r != 0 && errno == EINTR);
    pthread_mutex_lock(&m);
    while (!ready)                        /* spurious wakeups are allowed */
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sem_init(&from_handler, 0, 0);
    sem_init(&started, 0, 0);
    pthread_t t;
    pthread_mutex_lock(&m);
    pthread_create(&t, NULL, waiter, NULL);
    sem_wait(&started);
    usleep(50000);
    pthread_kill(t, SIGUSR1);     /* while it waits for m */
    usleep(50000);
    pthread_mutex_unlock(&m);
    usleep(50000);
    pthread_kill(t, SIGUSR1);     /* during sem_wait or cond_wait */
    usleep(50000);
    pthread_mutex_lock(&m);
    ready = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    pthread_join(t, NULL);
    printf("handled %d signals\n", (int)handled);
    return 0;
}
