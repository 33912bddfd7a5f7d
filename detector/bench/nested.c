/* nested [THREADS [ITERATIONS]]: each iteration takes 3 locks from a pool of
 * 64 in one consistent (ascending) order, with a tiny critical section; the
 * threads meet on the same locks now and then. */
#include "bench.h"

#include <pthread.h>

#define POOL 64

static pthread_mutex_t pool[POOL];
static unsigned long count[POOL];       /* count[i] guarded by pool[i] */
static long iterations;

struct worker {
    pthread_t thread;
    unsigned seed;
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
        unsigned a = next(&w->seed), b = next(&w->seed), c = next(&w->seed);
        while (b == a)
            b = (b + 1) % POOL;
        while (c == a || c == b)
            c = (c + 1) % POOL;
        unsigned t;
        if (a > b) { t = a; a = b; b = t; }
        if (b > c) { t = b; b = c; c = t; }
        if (a > b) { t = a; a = b; b = t; }
        pthread_mutex_lock(&pool[a]);
        count[a]++;
        pthread_mutex_lock(&pool[b]);
        count[b]++;
        pthread_mutex_lock(&pool[c]);
        count[c]++;
        pthread_mutex_unlock(&pool[c]);
        pthread_mutex_unlock(&pool[b]);
        pthread_mutex_unlock(&pool[a]);
        w->mine[a]++;
        w->mine[b]++;
        w->mine[c]++;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int nthreads = (int)bench_arg(argc, argv, 1, 2);
    iterations = bench_arg(argc, argv, 2, 2000000);
    if (nthreads < 1 || nthreads > 256)
        return 2;
    static struct worker workers[256];
    for (int i = 0; i < POOL; i++)
        pthread_mutex_init(&pool[i], NULL);
    double start = bench_now();
    for (int i = 0; i < nthreads; i++) {
        workers[i].seed = 7919u * (unsigned)(i + 1);
        pthread_create(&workers[i].thread, NULL, work, &workers[i]);
    }
    for (int i = 0; i < nthreads; i++)
        pthread_join(workers[i].thread, NULL);
    double seconds = bench_now() - start;
    /* every increment of count[] happened under its lock, so none is lost */
    unsigned long got = 0, want = 0;
    for (int i = 0; i < POOL; i++) {
        unsigned long expected = 0;
        for (int k = 0; k < nthreads; k++)
            expected += workers[k].mine[i];
        got += count[i] == expected ? count[i] : 0;
        want += expected;
        pthread_mutex_destroy(&pool[i]);
    }
    long ops = 3L * nthreads * iterations;
    return bench_result("nested", ops, seconds, got, (unsigned long)ops == want ? want : 0);
}
