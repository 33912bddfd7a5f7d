// Memory stays bounded by the tables: 300,000 locks, each nested under one
// global lock, with tables for 50,000 locks and 100,000 edges. One warning
// says coverage is reduced; the detector adds little to the peak RSS (its
// tables at these sizes, see the README's Reliability section).
// run: --max-locks=50000 --max-edges=100000
// warning: lock table full
// rss-mb: 48
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define LOCKS 300000
static pthread_mutex_t global = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    pthread_mutex_t *locks = malloc(sizeof *locks * LOCKS);
    long taken = 0;
    for (int round = 0; round < 2; round++)
        for (long i = 0; i < LOCKS; i++) {
            if (round == 0)
                pthread_mutex_init(&locks[i], NULL);
            pthread_mutex_lock(&global);
            pthread_mutex_lock(&locks[i]);
            taken++;
            pthread_mutex_unlock(&locks[i]);
            pthread_mutex_unlock(&global);
        }
    for (long i = 0; i < LOCKS; i++)
        pthread_mutex_destroy(&locks[i]);
    free(locks);
    printf("%ld acquisitions\n", taken);
    return 0;
}
