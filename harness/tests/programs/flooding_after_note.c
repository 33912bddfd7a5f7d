/* A condition signalled without its mutex held (Helgrind's "dubious" report:
 * a note), then output without end: no tool gets to the end, so no verdict,
 * whatever notes were made on the way. */
#include <pthread.h>
#include <stdio.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready;
static void *waiter(void *x) {
    pthread_mutex_lock(&m);
    while (!ready)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    return x;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, waiter, 0);
    pthread_mutex_lock(&m);
    ready = 1;
    pthread_mutex_unlock(&m);
    pthread_cond_signal(&c);    /* after the unlock: POSIX allows it */
    pthread_join(t, 0);
    for (;;)
        puts("all work and no play makes a dull program");
}
