// pthread_kill at threads blocked in every kind of wrapped wait (mutex,
// rwlock, cond, barrier, semaphore, join, spin): each handler runs once, each
// wait completes as it does natively.
// expect: none
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define N 6
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER, cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t b;
static sem_t s;
static pthread_t sleeper;
static atomic_int handled;
static int go;

static void on_usr2(int sig) { (void)sig; atomic_fetch_add(&handled, 1); }

static void *waiter(void *arg) {
    switch ((long)arg) {
    case 0: pthread_mutex_lock(&m); pthread_mutex_unlock(&m); break;
    case 1: pthread_rwlock_rdlock(&rw); pthread_rwlock_unlock(&rw); break;
    case 2:
        pthread_mutex_lock(&cm);
        while (!go) pthread_cond_wait(&c, &cm);
        pthread_mutex_unlock(&cm);
        break;
    case 3: pthread_barrier_wait(&b); break;
    case 4: while (sem_wait(&s) != 0) {} break;
    case 5: pthread_join(sleeper, NULL); break;
    }
    return NULL;
}

static void *sleeping(void *arg) { usleep(300000); return arg; }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &sa, NULL);
    pthread_barrier_init(&b, NULL, 2);
    sem_init(&s, 0, 0);
    pthread_mutex_lock(&m);
    pthread_rwlock_wrlock(&rw);
    pthread_create(&sleeper, NULL, sleeping, NULL);
    pthread_t t[N];
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, waiter, (void *)i);
    usleep(100000);
    for (int i = 0; i < N; i++)
        pthread_kill(t[i], SIGUSR2);
    usleep(100000);
    pthread_mutex_unlock(&m);
    pthread_rwlock_unlock(&rw);
    pthread_mutex_lock(&cm);
    go = 1;
    pthread_cond_broadcast(&c);
    pthread_mutex_unlock(&cm);
    pthread_barrier_wait(&b);
    sem_post(&s);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    printf("%d threads signalled, %d handlers ran\n", N, atomic_load(&handled));
    return 0;
}
