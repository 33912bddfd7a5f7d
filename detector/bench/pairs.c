/* pairs [LOCKS]: every pair of LOCKS mutexes taken nested, the lower one
 * first: LOCKS*(LOCKS-1)/2 distinct lock-order edges among few locks. */
#include "bench.h"

#include <pthread.h>

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 1, 1415);
    if (n < 2)
        return 2;
    pthread_mutex_t *locks = malloc(sizeof *locks * (size_t)n);
    unsigned long *value = calloc((size_t)n, sizeof *value);   /* value[i] guarded by locks[i] */
    for (long i = 0; i < n; i++)
        pthread_mutex_init(&locks[i], NULL);
    double start = bench_now();
    long pairs = 0;
    for (long i = 0; i < n; i++) {
        for (long j = i + 1; j < n; j++) {
            pthread_mutex_lock(&locks[i]);
            pthread_mutex_lock(&locks[j]);
            value[i]++;
            value[j]++;
            pthread_mutex_unlock(&locks[j]);
            pthread_mutex_unlock(&locks[i]);
            pairs++;
        }
    }
    double seconds = bench_now() - start;
    unsigned long sum = 0;
    for (long i = 0; i < n; i++) {
        sum += value[i];
        pthread_mutex_destroy(&locks[i]);
    }
    free(locks);
    free(value);
    return bench_result("pairs", 2 * pairs, seconds, sum, 2ul * (unsigned long)pairs);
}
