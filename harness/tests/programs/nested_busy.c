/* Correct, and busy far longer than the time limit it is checked with: one
 * thread takes outer then inner, again and again, while main waits in
 * pthread_join. A run stopped at its limit still has a lock graph (outer ->
 * inner), which the detector writes just before the limit (graph.test). */
#include <pthread.h>
static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER, inner = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;
static void *work(void *x) {
    for (long i = 0; i < 4000000000L; i++) {
        pthread_mutex_lock(&outer);
        pthread_mutex_lock(&inner);     /* the edge outer -> inner */
        counter++;
        pthread_mutex_unlock(&inner);
        pthread_mutex_unlock(&outer);
    }
    return x;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, work, 0);
    pthread_join(t, 0);
    return counter == 4000000000L ? 0 : 1;
}
