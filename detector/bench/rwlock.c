/* rwlock [THREADS [ITERATIONS]]: readers take a read lock on a shared table
 * nearly always; one operation in 64 is a write. */
#include "bench.h"

#include <pthread.h>

#define SLOTS 16

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static unsigned long table[SLOTS];      /* guarded by lock */
static long iterations;

struct worker {
    pthread_t thread;
    unsigned long writes, seen_ok;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    for (long n = 0; n < iterations; n++) {
        if ((n & 63) == 63) {
            pthread_rwlock_wrlock(&lock);
            for (int i = 0; i < SLOTS; i++)
                table[i]++;
            pthread_rwlock_unlock(&lock);
            w->writes++;
        } else {
            pthread_rwlock_rdlock(&lock);
            /* a writer updates every slot at once: a reader sees them equal */
            w->seen_ok += table[n % SLOTS] == table[(n + 1) % SLOTS];
            pthread_rwlock_unlock(&lock);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int nthreads = (int)bench_arg(argc, argv, 1, 2);
    iterations = bench_arg(argc, argv, 2, 2000000);
    if (nthreads < 1 || nthreads > 64)
        return 2;
    static struct worker workers[64];
    double start = bench_now();
    for (int i = 0; i < nthreads; i++)
        pthread_create(&workers[i].thread, NULL, work, &workers[i]);
    for (int i = 0; i < nthreads; i++)
        pthread_join(workers[i].thread, NULL);
    double seconds = bench_now() - start;
    unsigned long writes = 0, reads_ok = 0;
    for (int i = 0; i < nthreads; i++) {
        writes += workers[i].writes;
        reads_ok += workers[i].seen_ok;
    }
    long reads = (long)nthreads * iterations - (long)writes;
    unsigned long got = table[0] + reads_ok, want = writes + (unsigned long)reads;
    return bench_result("rwlock", (long)nthreads * iterations, seconds, got, want);
}
