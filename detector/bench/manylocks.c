/* manylocks [LOCKS]: that many distinct heap mutexes, each taken while the
 * previous one is held (hand over hand: LOCKS-1 distinct lock-order edges),
 * then destroyed and freed. */
#include "bench.h"

#include <pthread.h>

struct guarded {
    pthread_mutex_t lock;
    unsigned long value;
};

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 1, 1000000);
    if (n < 2)
        return 2;
    double start = bench_now();
    struct guarded **all = malloc(sizeof *all * (size_t)n);
    for (long i = 0; i < n; i++) {
        all[i] = malloc(sizeof *all[i]);
        pthread_mutex_init(&all[i]->lock, NULL);
        all[i]->value = 0;
    }
    unsigned long sum = 0;
    pthread_mutex_lock(&all[0]->lock);
    for (long i = 1; i < n; i++) {
        pthread_mutex_lock(&all[i]->lock);
        all[i]->value = (unsigned long)i;
        sum += all[i - 1]->value;
        pthread_mutex_unlock(&all[i - 1]->lock);
    }
    sum += all[n - 1]->value;
    pthread_mutex_unlock(&all[n - 1]->lock);
    for (long i = 0; i < n; i++) {
        pthread_mutex_destroy(&all[i]->lock);
        free(all[i]);
    }
    free(all);
    double seconds = bench_now() - start;
    return bench_result("manylocks", n, seconds, sum, (unsigned long)n * (unsigned long)(n - 1) / 2);
}
