/*
 * livelock_trylock.c (fixed) -- two polite threads that always step aside.
 *
 * Bug: Each thread holds its first lock, trylocks the other one and, on failure, releases and retries after the same delay, so the two keep colliding in lockstep and neither makes progress.
 * Category: LL (livelock)
 *
 * Fix: both threads now take the locks in the same order, A then B. The
 * second thread simply waits for A, then gets B straight away: there is no
 * collision to back off from. (The back-off loop is kept; it is no longer
 * needed and never fails. The lockstep barriers had to go: a thread waiting
 * at a barrier while holding A would now block the other thread forever.)
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=livelock_trylock.svg -- build/examples/fixed_examples/livelock_trylock
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define MAX_ATTEMPTS 20

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;         /* start in lockstep */

struct polite { const char *name; pthread_mutex_t *first, *second; };

static void *polite_worker(void *arg)
{
    struct polite *p = arg;
    pthread_barrier_wait(&start);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        pthread_mutex_lock(p->first);
        if (pthread_mutex_trylock(p->second) == 0) {
            printf("%s: got both locks on attempt %d\n", p->name, attempt);
            pthread_mutex_unlock(p->second);
            pthread_mutex_unlock(p->first);
            return NULL;
        }
        pthread_mutex_unlock(p->first);
        usleep(1000);
    }
    printf("%s: gave up after %d attempts\n", p->name, MAX_ATTEMPTS);
    return NULL;
}

int main(void)
{
    struct polite t1 = { "thread 1", &lock_a, &lock_b };
    struct polite t2 = { "thread 2", &lock_a, &lock_b };   /* FIX: same order */
    pthread_t a, b;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&a, NULL, polite_worker, &t1);
    pthread_create(&b, NULL, polite_worker, &t2);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_barrier_destroy(&start);
    return 0;
}
