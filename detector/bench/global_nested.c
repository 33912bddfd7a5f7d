/* global_nested N: N heap locks, each taken under one global lock (N edges);
 * memory.sh runs it past the detector's tables. */
#include "bench.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 1, 2500000);
    pthread_mutex_t *locks = malloc(sizeof *locks * (size_t)n);
    static pthread_mutex_t global = PTHREAD_MUTEX_INITIALIZER;
    for (long i = 0; i < n; i++) {
        pthread_mutex_init(&locks[i], NULL);
        pthread_mutex_lock(&global);
        pthread_mutex_lock(&locks[i]);
        pthread_mutex_unlock(&locks[i]);
        pthread_mutex_unlock(&global);
    }
    printf("%ld locks\n", n);
    return 0;
}
