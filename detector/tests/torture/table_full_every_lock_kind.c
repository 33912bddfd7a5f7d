// More locks than the lock table holds (run with max_locks=1000), of every
// kind that has an unlock: N heap mutexes taken hand over hand (N-1 edges),
// with an rwlock and a spinlock each time. One warning says coverage is
// reduced; unlocking a lock the table could not hold is no bad unlock.
// run: --max-locks=1000
// warning: lock table full
// expect: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 5000;
    pthread_mutex_t *m = malloc(sizeof *m * (size_t)n);
    pthread_rwlock_t *rw = malloc(sizeof *rw * (size_t)n);
    pthread_spinlock_t *s = malloc(sizeof *s * (size_t)n);
    for (long i = 0; i < n; i++) {
        pthread_mutex_init(&m[i], NULL);
        pthread_rwlock_init(&rw[i], NULL);
        pthread_spin_init(&s[i], PTHREAD_PROCESS_PRIVATE);
    }
    pthread_mutex_lock(&m[0]);
    for (long i = 1; i < n; i++) {
        pthread_mutex_lock(&m[i]);
        pthread_mutex_unlock(&m[i - 1]);
        pthread_rwlock_rdlock(&rw[i]);
        pthread_rwlock_unlock(&rw[i]);
        pthread_spin_lock(&s[i]);
        pthread_spin_unlock(&s[i]);
    }
    pthread_mutex_unlock(&m[n - 1]);
    for (long i = 0; i < n; i++) {
        pthread_mutex_destroy(&m[i]);
        pthread_rwlock_destroy(&rw[i]);
        pthread_spin_destroy(&s[i]);
    }
    free(m);
    free(rw);
    free((void *)s);
    puts("done");
    return 0;
}
