// A robust mutex whose owner thread ends holding it: the next lock returns
// EOWNERDEAD, pthread_mutex_consistent repairs it, and it is used normally
// afterwards. That is what robust mutexes are for: the owner's end is not a
// lock leak, and the recovery is not a bad unlock. Nothing is reported.
// expect: none
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m;
static int value;

static void *owner(void *arg) {
    pthread_mutex_lock(&m);
    value = 41;
    return arg;                 /* ends holding m */
}

int main(void) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&m, &a);
    pthread_t t;
    pthread_create(&t, NULL, owner, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&m);
    printf("lock: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : r == 0 ? "0" : "other");
    if (r == EOWNERDEAD)
        pthread_mutex_consistent(&m);
    value++;
    pthread_mutex_unlock(&m);
    for (int i = 0; i < 3; i++) {
        r = pthread_mutex_lock(&m);
        value++;
        pthread_mutex_unlock(&m);
    }
    printf("then: %d, value %d\n", r, value);
    pthread_mutex_destroy(&m);
    return 0;
}
