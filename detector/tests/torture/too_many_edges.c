// More lock-order edges than the graph holds (run with max_edges=500): one
// warning says coverage is reduced; the program runs on unchanged.
// run: --max-edges=500
// warning: lock-order graph full
// expect: none
#include <pthread.h>
#include <stdio.h>

#define LOCKS 200
static pthread_mutex_t locks[LOCKS];

int main(void) {
    for (int i = 0; i < LOCKS; i++)
        pthread_mutex_init(&locks[i], NULL);
    long pairs = 0;
    for (int i = 0; i < LOCKS; i++)           /* i before j: always one order */
        for (int j = i + 1; j < LOCKS; j++) {
            pthread_mutex_lock(&locks[i]);
            pthread_mutex_lock(&locks[j]);
            pairs++;
            pthread_mutex_unlock(&locks[j]);
            pthread_mutex_unlock(&locks[i]);
        }
    printf("%ld ordered pairs taken\n", pairs);
    return 0;
}
