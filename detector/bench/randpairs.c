/* randpairs [THREADS [ITERATIONS]]: many distinct lock pairs. Each iteration
 * takes three nested locks: two picked at random from a shared pool of 62,
 * the lower index first (about 1,900 distinct pool edges, all consistent with
 * one order), then the thread's own lock. Tiny critical sections; the
 * threads meet on pool locks now and then. */
#include "bench.h"

#include <pthread.h>

#define POOL 62
#define MAX_THREADS 64

static pthread_mutex_t pool[POOL];
static unsigned long count[POOL];       /* count[i] guarded by pool[i] */
static long iterations;

struct worker {
    pthread_t thread;
    unsigned seed;
    pthread_mutex_t own;                /* taken innermost, by this thread only */
    unsigned long own_count;            /* guarded by own */
    unsigned long mine[POOL];           /* what this thread added to count[] */
};

static unsigned next(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) % POOL;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    for (long n = 0; n < iterations; n++) {
        unsigned a = next(&w->seed), b = next(&w->seed);
        if (a == b)
            b = (b + 1) % POOL;
        if (a > b) {
            unsigned t = a;
            a = b;
            b = t;
        }
        pthread_mutex_lock(&pool[a]);
        count[a]++;
        pthread_mutex_lock(&pool[b]);
        count[b]++;
        pthread_mutex_lock(&w->own);
        w->own_count++;
        pthread_mutex_unlock(&w->own);
        pthread_mutex_unlock(&pool[b]);
        pthread_mutex_unlock(&pool[a]);
        w->mine[a]++;
        w->mine[b]++;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int nthreads = (int)bench_arg(argc, argv, 1, 2);
    iterations = bench_arg(argc, argv, 2, 2000000);
    if (nthreads < 1 || nthreads > MAX_THREADS)
        return 2;
    static struct worker workers[MAX_THREADS];
    for (int i = 0; i < POOL; i++)
        pthread_mutex_init(&pool[i], NULL);
    for (int i = 0; i < nthreads; i++)
        pthread_mutex_init(&workers[i].own, NULL);
    double start = bench_now();
    for (int i = 0; i < nthreads; i++) {
        workers[i].seed = 7919u * (unsigned)(i + 1);
        pthread_create(&workers[i].thread, NULL, work, &workers[i]);
    }
    for (int i = 0; i < nthreads; i++)
        pthread_join(workers[i].thread, NULL);
    double seconds = bench_now() - start;
    /* every increment happened under its lock, so none is lost */
    unsigned long got = 0, want = 0;
    for (int i = 0; i < POOL; i++) {
        unsigned long expected = 0;
        for (int k = 0; k < nthreads; k++)
            expected += workers[k].mine[i];
        got += count[i] == expected ? count[i] : 0;
        want += expected;
        pthread_mutex_destroy(&pool[i]);
    }
    for (int k = 0; k < nthreads; k++) {
        got += workers[k].own_count;
        want += (unsigned long)iterations;
        pthread_mutex_destroy(&workers[k].own);
    }
    long ops = 3L * nthreads * iterations;
    return bench_result("randpairs", ops, seconds, got, (unsigned long)ops == want ? want : 0);
}
