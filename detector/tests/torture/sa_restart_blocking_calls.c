// An SA_RESTART signal handler runs many times while a thread is blocked in
// each wrapped blocking call: sem_wait, pthread_mutex_lock, rwlock read and
// write locks, pthread_cond_wait, pthread_barrier_wait, pthread_join. Natively
// each call restarts and returns success once the wakeup comes; under the
// detector it must do the same (a wait cut into timed slices would return
// EINTR from sem_wait, and a program that treats that as fatal would exit).
// expect: none
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static void on_usr1(int sig) { (void)sig; handled++; }

static sem_t sem, entered;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t barrier;
static int flag;
static pthread_t joined;

static void *sleeper(void *arg) { usleep(400 * 1000); return arg; }

/* one blocking call each, made by the waiter thread; returns what it returned */
static int blocking_call(int which) {
    int r = 0;
    sem_post(&entered);
    switch (which) {
    case 0: r = sem_wait(&sem) ? errno : 0; break;
    case 1: r = pthread_mutex_lock(&m); if (!r) pthread_mutex_unlock(&m); break;
    case 2: r = pthread_rwlock_rdlock(&rw); if (!r) pthread_rwlock_unlock(&rw); break;
    case 3: r = pthread_rwlock_wrlock(&rw); if (!r) pthread_rwlock_unlock(&rw); break;
    case 4:
        pthread_mutex_lock(&m);
        while (!flag && !r)
            r = pthread_cond_wait(&c, &m);
        pthread_mutex_unlock(&m);
        break;
    case 5: r = pthread_barrier_wait(&barrier); if (r == PTHREAD_BARRIER_SERIAL_THREAD) r = 0; break;
    case 6: r = pthread_join(joined, NULL); break;
    }
    return r;
}

static const char *const names[] = {"sem_wait", "pthread_mutex_lock", "pthread_rwlock_rdlock",
                                     "pthread_rwlock_wrlock", "pthread_cond_wait",
                                     "pthread_barrier_wait", "pthread_join"};

static void *waiter(void *arg) { return (void *)(long)blocking_call((int)(long)arg); }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sem_init(&sem, 0, 0);
    sem_init(&entered, 0, 0);
    pthread_barrier_init(&barrier, NULL, 2);
    int failures = 0;
    for (int which = 0; which < 7; which++) {
        /* make the call block: hold what it waits for */
        if (which == 1) pthread_mutex_lock(&m);
        if (which == 2) pthread_rwlock_wrlock(&rw);
        if (which == 3) pthread_rwlock_rdlock(&rw);
        if (which == 6) pthread_create(&joined, NULL, sleeper, NULL);
        flag = 0;
        handled = 0;
        pthread_t t;
        pthread_create(&t, NULL, waiter, (void *)(long)which);
        sem_wait(&entered);
        for (int i = 0; i < 20; i++) {   /* 20 signals over 200 ms, into the blocked call */
            usleep(10 * 1000);
            pthread_kill(t, SIGUSR1);
        }
        usleep(20 * 1000);
        switch (which) {                 /* now the wakeup */
        case 0: sem_post(&sem); break;
        case 1: pthread_mutex_unlock(&m); break;
        case 2: case 3: pthread_rwlock_unlock(&rw); break;
        case 4: pthread_mutex_lock(&m); flag = 1; pthread_cond_signal(&c); pthread_mutex_unlock(&m); break;
        case 5: pthread_barrier_wait(&barrier); break;
        case 6: break;                   /* the sleeper ends by itself */
        }
        void *ret;
        pthread_join(t, &ret);
        int r = (int)(long)ret;
        printf("%s: %s\n", names[which], r ? strerror(r) : "ok");
        failures += r != 0;
    }
    return failures;
}
