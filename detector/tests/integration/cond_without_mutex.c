// A thread waits on a condition variable without holding its mutex.
// expect: cond-misuse @wait
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static atomic_int woken;
static void *waker(void *x) {
    while (!atomic_load(&woken)) {   /* until main is awake: no lost wakeup here */
        usleep(50000);
        pthread_mutex_lock(&m);
        pthread_cond_broadcast(&c);
        pthread_mutex_unlock(&m);
    }
    return x;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, waker, 0);
    pthread_cond_wait(&c, &m); // @wait
    atomic_store(&woken, 1);
    pthread_mutex_unlock(&m);
    pthread_join(t, 0);
    return 0;
}
