// Every mutex type used correctly: normal, recursive (nested three deep),
// error-checking (a trylock of it while held says EBUSY), adaptive, and each
// one nested inside the others in one consistent order.
// expect: none
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#define NTYPES 4
static pthread_mutex_t mutexes[NTYPES];
static long counter;

static void *worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        for (int k = 0; k < NTYPES; k++)
            pthread_mutex_lock(&mutexes[k]);
        pthread_mutex_lock(&mutexes[1]);       /* recursive: again, twice */
        pthread_mutex_lock(&mutexes[1]);
        counter++;
        pthread_mutex_unlock(&mutexes[1]);
        pthread_mutex_unlock(&mutexes[1]);
        for (int k = NTYPES - 1; k >= 0; k--)
            pthread_mutex_unlock(&mutexes[k]);
    }
    return NULL;
}

int main(void) {
    int types[NTYPES] = {PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ERRORCHECK,
                         PTHREAD_MUTEX_ADAPTIVE_NP};
    for (int k = 0; k < NTYPES; k++) {
        pthread_mutexattr_t a;
        pthread_mutexattr_init(&a);
        pthread_mutexattr_settype(&a, types[k]);
        pthread_mutex_init(&mutexes[k], &a);
        pthread_mutexattr_destroy(&a);
    }
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    pthread_mutex_lock(&mutexes[2]);
    int busy = pthread_mutex_trylock(&mutexes[2]);
    pthread_mutex_unlock(&mutexes[2]);
    printf("counter %ld, trylock of a held error-checking mutex: %s\n", counter,
           busy == EBUSY ? "EBUSY" : "other");
    for (int k = 0; k < NTYPES; k++)
        pthread_mutex_destroy(&mutexes[k]);
    return 0;
}
