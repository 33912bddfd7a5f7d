// A recursive mutex may be re-locked by its owner; an error-checking one
// returns EDEADLK (still reported, and the program goes on).
// expect: double-lock @errcheck
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
int main(void) {
    pthread_mutex_t r, e;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&r, &attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&e, &attr);
    pthread_mutex_lock(&r);
    pthread_mutex_lock(&r);
    pthread_mutex_unlock(&r);
    pthread_mutex_unlock(&r);
    pthread_mutex_lock(&e);
    int rc = pthread_mutex_lock(&e); // @errcheck
    pthread_mutex_unlock(&e);
    printf("second lock: %s\n", rc == EDEADLK ? "EDEADLK" : "?");
    return rc == EDEADLK ? 0 : 1;
}
