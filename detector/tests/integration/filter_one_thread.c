// One thread takes both orders: a thread cannot deadlock with itself this way.
// Nothing is reported; the JSON report keeps the cycle as a note.
// expect: none
// note: lock-order-inversion @m12 @m21
// note-text: ruled out by lockgraph: one thread takes every edge
#include <pthread.h>
static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
    pthread_mutex_lock(&m1);
    pthread_mutex_lock(&m2); // @m12
    pthread_mutex_unlock(&m2);
    pthread_mutex_unlock(&m1);
    pthread_mutex_lock(&m2);
    pthread_mutex_lock(&m1); // @m21
    pthread_mutex_unlock(&m1);
    pthread_mutex_unlock(&m2);
    return 0;
}
