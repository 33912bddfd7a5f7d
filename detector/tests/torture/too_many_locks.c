// More locks than the lock table holds (run with max_locks=1000): one warning
// says coverage is reduced, and the program runs on unchanged, still using
// the tracked locks and the untracked ones correctly.
// run: --max-locks=1000
// warning: lock table full
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define LOCKS 20000
static pthread_mutex_t global = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
    pthread_mutex_t *locks = arg;
    long sum = 0;
    for (int round = 0; round < 5; round++)
        for (int i = 0; i < LOCKS; i++) {
            pthread_mutex_lock(&global);
            pthread_mutex_lock(&locks[i]);
            sum++;
            pthread_mutex_unlock(&locks[i]);
            pthread_mutex_unlock(&global);
        }
    return (void *)sum;
}

int main(void) {
    pthread_mutex_t *locks = malloc(sizeof *locks * LOCKS);
    for (int i = 0; i < LOCKS; i++)
        pthread_mutex_init(&locks[i], NULL);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, locks);
    long total = 0;
    for (int i = 0; i < 2; i++) {
        void *r;
        pthread_join(t[i], &r);
        total += (long)r;
    }
    printf("%ld acquisitions\n", total);
    return 0;
}
