// A mutex taken alone (the detector remembers it as the thread's last one),
// then destroyed and initialised again at the same address: a new lock, so
// taking it before `outer` now does not close a cycle with the old order.
// expect: none
#include <pthread.h>
static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER, m;
int main(void) {
    pthread_mutex_init(&m, NULL);
    pthread_mutex_lock(&outer); pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m); pthread_mutex_unlock(&outer);
    pthread_mutex_lock(&m); pthread_mutex_unlock(&m);
    pthread_mutex_destroy(&m);
    pthread_mutex_init(&m, NULL);
    pthread_mutex_lock(&m); pthread_mutex_lock(&outer);
    pthread_mutex_unlock(&outer); pthread_mutex_unlock(&m);
    pthread_mutex_destroy(&m);
    return 0;
}
