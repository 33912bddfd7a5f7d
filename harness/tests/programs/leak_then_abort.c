/* A worker ends holding a lock (a lock leak), then main aborts: the leak
 * stays a finding beside the one crash. */
#include <pthread.h>
#include <stdlib.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static void *work(void *x) { pthread_mutex_lock(&m); return x; }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, work, 0);
    pthread_join(t, 0);
    abort();
}
