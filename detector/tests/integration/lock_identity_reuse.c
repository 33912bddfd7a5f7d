// A mutex is destroyed and its memory reused for a new mutex, which is then
// taken in the opposite order: a new lock, so no cycle.
// expect: none
#include <pthread.h>
#include <stdlib.h>
static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
    for (int round = 0; round < 1000; round++) {
        pthread_mutex_t *m = malloc(sizeof *m);
        pthread_mutex_init(m, NULL);
        if (round % 2 == 0) {
            pthread_mutex_lock(&outer); pthread_mutex_lock(m);
            pthread_mutex_unlock(m); pthread_mutex_unlock(&outer);
        } else {
            pthread_mutex_lock(m); pthread_mutex_lock(&outer);
            pthread_mutex_unlock(&outer); pthread_mutex_unlock(m);
        }
        pthread_mutex_destroy(m);
        free(m);
    }
    return 0;
}
