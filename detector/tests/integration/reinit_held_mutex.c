// A mutex is initialised again while a thread holds it (a second setup call,
// say): its state is wiped under the holder. A misuse, reported where the
// initialisation is, with where the lock was taken.
// expect: misuse @init
#include <pthread.h>

static pthread_mutex_t m;

int main(void) {
    pthread_mutex_init(&m, NULL);
    pthread_mutex_lock(&m); // @taken
    pthread_mutex_init(&m, NULL); // @init
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    return 0;
}
