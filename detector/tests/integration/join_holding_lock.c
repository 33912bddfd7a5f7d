// main joins a thread while holding the lock that thread needs.
// expect: deadlock @join @lock
// exit: 66
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static void *worker(void *x) {
    pthread_mutex_lock(&m); // @lock
    pthread_mutex_unlock(&m);
    return x;
}
int main(void) {
    pthread_t t;
    pthread_mutex_lock(&m);
    pthread_create(&t, 0, worker, 0);
    pthread_join(t, 0); // @join
    pthread_mutex_unlock(&m);
    return 0;
}
