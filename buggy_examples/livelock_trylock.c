/*
 * livelock_trylock.c -- two polite threads that always step aside.
 *
 * Bug: Each thread holds its first lock, trylocks the other one and, on failure, releases and retries after the same delay, so the two keep colliding in lockstep and neither makes progress.
 * Category: LL (livelock)
 *
 * What goes wrong: trylock-and-back-off avoids the ABBA deadlock, but the
 * threads take the locks in opposite orders and back off symmetrically: both
 * grab their first lock, both fail the trylock, both release, both wait the
 * same time, and both try again -- busy, yet nothing gets done. On a real
 * machine the lockstep comes from identical timing and lasts until the
 * timing drifts apart; here a barrier holds the two threads in perfect
 * lockstep so it happens on every run, and each gives up after 20 rounds so
 * the program ends.
 *
 * How to see it: run it; both threads print "gave up after 20 attempts".
 *
 * No tool in racecheck detects a livelock: no thread is blocked for long, no
 * trylock succeeds (so no lock-order edge exists), and no memory is raced
 * on. This example has no `expect:` line; it is here to be seen, not found.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --timeout=5 --trace=livelock_trylock.svg -- build/examples/buggy_examples/livelock_trylock
 */

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define MAX_ATTEMPTS 20

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t step;          /* models perfectly symmetric timing */

struct polite { const char *name; pthread_mutex_t *first, *second; };

static void *polite_worker(void *arg)
{
    struct polite *p = arg;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        pthread_mutex_lock(p->first);
        pthread_barrier_wait(&step);    /* both now hold their first lock */
        int got = pthread_mutex_trylock(p->second) == 0;
        pthread_barrier_wait(&step);    /* both have tried at the same moment */
        if (got) {
            printf("%s: got both locks on attempt %d\n", p->name, attempt);
            pthread_mutex_unlock(p->second);
            pthread_mutex_unlock(p->first);
            return NULL;
        }
        pthread_mutex_unlock(p->first); /* BUG: back off for the same time */
        usleep(1000);                   /* as the other thread, and retry  */
    }
    printf("%s: gave up after %d attempts\n", p->name, MAX_ATTEMPTS);
    return NULL;
}

int main(void)
{
    struct polite t1 = { "thread 1", &lock_a, &lock_b };
    struct polite t2 = { "thread 2", &lock_b, &lock_a };   /* BUG: opposite order */
    pthread_t a, b;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_barrier_init(&step, NULL, 2);
    pthread_create(&a, NULL, polite_worker, &t1);
    pthread_create(&b, NULL, polite_worker, &t2);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_barrier_destroy(&step);
    return 0;
}
