// A thread returns while still holding a mutex.
// expect: lock-leak @taken
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static void *worker(void *x) {
    pthread_mutex_lock(&m); // @taken
    return x;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    pthread_join(t, 0);
    return 0;
}
