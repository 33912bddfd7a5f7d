// The signal comes before the wait and there is no predicate: the consumer
// waits forever and main waits for it. The detector reports a hang.
// expect: hang @wait @join
// exit: 66
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static void *consumer(void *x) {
    pthread_mutex_lock(&m);
    pthread_cond_wait(&c, &m); // @wait
    pthread_mutex_unlock(&m);
    return x;
}
int main(void) {
    pthread_mutex_lock(&m);
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    pthread_t t;
    pthread_create(&t, 0, consumer, 0);
    pthread_join(t, 0); // @join
    return 0;
}
