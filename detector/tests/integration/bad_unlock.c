// A thread unlocks a mutex that another thread holds.
// expect: bad-unlock @unlock
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static void *other(void *x) {
    pthread_mutex_unlock(&m); // @unlock
    return x;
}
int main(void) {
    pthread_t t;
    pthread_mutex_lock(&m);
    pthread_create(&t, 0, other, 0);
    pthread_join(t, 0);
    return 0;
}
