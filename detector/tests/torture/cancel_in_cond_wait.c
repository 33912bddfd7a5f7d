// Threads cancelled while waiting on a condition variable, with a cleanup
// handler that unlocks the mutex glibc re-took for them: a correct program,
// so no bad-unlock and no lock-leak; the mutex is free and usable afterwards.
// Also a thread cancelled in sem_wait and one in pthread_join.
// expect: none
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static sem_t never;
static int cleanups, ready;

static void unlock_it(void *arg) {
    cleanups++;
    pthread_mutex_unlock(arg);
}

static void *cond_waiter(void *arg) {
    pthread_mutex_lock(&m);
    ready++;
    pthread_cleanup_push(unlock_it, &m);
    for (;;)
        pthread_cond_wait(&c, &m);
    pthread_cleanup_pop(1);
    return arg;
}

static void *sem_waiter(void *arg) { sem_wait(&never); return arg; }

static void *joiner(void *arg) { pthread_join(*(pthread_t *)arg, NULL); return NULL; }

int main(void) {
    sem_init(&never, 0, 0);
    pthread_t t[4], sleeper;
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, cond_waiter, NULL);
    pthread_create(&t[3], NULL, sem_waiter, NULL);
    pthread_create(&sleeper, NULL, sem_waiter, NULL);
    pthread_t j;
    pthread_create(&j, NULL, joiner, &sleeper);
    for (;;) {
        pthread_mutex_lock(&m);
        int all = ready == 3;
        pthread_mutex_unlock(&m);
        if (all) break;
        usleep(10000);
    }
    usleep(50000);
    int canceled = 0;
    for (int i = 0; i < 4; i++) {
        pthread_cancel(t[i]);
        void *r;
        pthread_join(t[i], &r);
        canceled += r == PTHREAD_CANCELED;
    }
    pthread_cancel(j);
    void *r;
    pthread_join(j, &r);
    canceled += r == PTHREAD_CANCELED;
    pthread_cancel(sleeper);
    pthread_join(sleeper, &r);
    canceled += r == PTHREAD_CANCELED;
    pthread_mutex_lock(&m);
    printf("%d cancelled, %d cleanup handlers ran\n", canceled, cleanups);
    pthread_mutex_unlock(&m);
    return 0;
}
