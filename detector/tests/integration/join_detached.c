// A detached thread is joined.
// expect: misuse @join
#include <pthread.h>
#include <unistd.h>
static void *worker(void *x) { usleep(10000); return x; }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    pthread_detach(t);
    int rc = pthread_join(t, 0); // @join
    usleep(50000);
    return rc == 0;
}
