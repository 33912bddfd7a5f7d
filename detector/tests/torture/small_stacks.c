// Threads with the smallest stack glibc allows (PTHREAD_STACK_MIN) take
// nested locks, wait on a condition variable and make a lock-order inversion
// that is reported from their own small stacks, without overflowing them.
// expect: lock-order-inversion @ab_second @ba_second
#include <limits.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int turn;

static void *ab(void *arg) {
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b); // @ab_second
    pthread_mutex_unlock(&b);
    turn = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&a);
    return arg;
}

static void *ba(void *arg) {
    pthread_mutex_lock(&a);
    while (turn == 0)              /* runs after ab: the deadlock stays latent */
        pthread_cond_wait(&c, &a);
    pthread_mutex_unlock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a); // @ba_second
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    return arg;
}

int main(void) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN);
    pthread_t t1, t2;
    pthread_create(&t2, &attr, ba, NULL);
    pthread_create(&t1, &attr, ab, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("both threads done\n");
    return 0;
}
