// 1,100 threads at once: the first 1,060 wait on a barrier while the last 40
// sleep (no pthread call) for longer than the hang timeout before they join
// it. Not a hang: some threads are running, however many threads there are.
// seconds: 20
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define THREADS 1100
#define SLEEPERS 40
static pthread_barrier_t barrier;

static void *worker(void *arg) {
    if ((long)arg >= THREADS - SLEEPERS)
        sleep(3);                   /* longer than the hang timeout (2 s here) */
    return (void *)(long)(pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD);
}

int main(void) {
    pthread_barrier_init(&barrier, NULL, THREADS);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    static pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], &attr, worker, (void *)i) != 0)
            return 1;
    long serial = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        serial += (long)r;
    }
    printf("%d threads passed the barrier, %ld serial\n", THREADS, serial);
    return 0;
}
