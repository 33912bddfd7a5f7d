/*
 * spin_on_flag.c (fixed) -- a thread busy-waits until main says the result is done.
 *
 * Bug: The waiter spins on a plain int `done` that main sets, with no synchronisation, so the compiler may read it only once and the loop never ends.
 * Category: DR (data race)
 *
 * Fix: `done` is protected by a mutex and the waiter sleeps on a condition
 * variable instead of spinning. pthread_cond_wait re-reads `done` under the
 * lock after every wakeup, so the compiler cannot cache it; the waiter uses
 * no CPU while it waits; and main's unlock orders `result = 42` before the
 * waiter's read of it.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=spin_on_flag.svg -- build/examples/fixed_examples/spin_on_flag
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int done;                        /* protected by lock */
static long result;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;

static void *waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    while (!done)                       /* FIX: sleep until told, re-check */
        pthread_cond_wait(&done_cond, &lock);
    pthread_mutex_unlock(&lock);
    printf("waiter: result = %ld (expected 42)\n", result);
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&t, NULL, waiter, NULL);
    usleep(100000);                     /* compute the result */
    result = 42;
    pthread_mutex_lock(&lock);
    done = 1;
    pthread_cond_signal(&done_cond);
    pthread_mutex_unlock(&lock);
    printf("main: done = 1\n");
    pthread_join(t, NULL);
    return 0;
}
