// Locks that never see an init call: every static initialiser glibc offers,
// nested in one consistent order by several threads, with a condition
// variable that is never initialised either.
// expect: none
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t normal = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t recursive = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static pthread_mutex_t errorcheck = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
static pthread_mutex_t adaptive = PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t rw_writer = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int done_threads;

static void *worker(void *arg) {
    for (int i = 0; i < 3000; i++) {
        pthread_rwlock_rdlock(&rw);
        pthread_mutex_lock(&normal);
        pthread_mutex_lock(&recursive);
        pthread_mutex_lock(&recursive);
        pthread_mutex_lock(&errorcheck);
        pthread_mutex_lock(&adaptive);
        pthread_rwlock_wrlock(&rw_writer);
        counter++;
        pthread_rwlock_unlock(&rw_writer);
        pthread_mutex_unlock(&adaptive);
        pthread_mutex_unlock(&errorcheck);
        pthread_mutex_unlock(&recursive);
        pthread_mutex_unlock(&recursive);
        pthread_mutex_unlock(&normal);
        pthread_rwlock_unlock(&rw);
    }
    pthread_mutex_lock(&normal);
    done_threads++;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&normal);
    return arg;
}

int main(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    pthread_mutex_lock(&normal);
    while (done_threads < 4)
        pthread_cond_wait(&cond, &normal);
    pthread_mutex_unlock(&normal);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("counter %ld\n", counter);
    return 0;
}
