/* Correct, and busy far longer than the time limit it is checked with: a
 * mutex-protected counter taken and released again and again. */
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *work(void *x) {
    for (long i = 0; i < 4000000000L; i++) {
        pthread_mutex_lock(&m);
        counter++;
        pthread_mutex_unlock(&m);
    }
    return x;
}
int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, 0, work, 0);
    pthread_create(&t2, 0, work, 0);
    pthread_join(t1, 0);
    pthread_join(t2, 0);
    return counter == 8000000000L ? 0 : 1;
}
