/*
 * unlock_wrong_thread.c -- a watchdog that "frees" a lock it thinks is stuck.
 *
 * Bug: The watchdog thread unlocks a mutex that the worker thread owns, so both threads end up inside the critical section at once.
 * Category: MU (API misuse)
 *
 * What goes wrong: only the thread that locked a mutex may unlock it. For a
 * default glibc mutex the wrong-thread unlock is not even refused: it simply
 * opens the lock while the worker is still inside, the watchdog walks in, and
 * mutual exclusion is gone. (For an error-checking mutex the unlock would
 * fail with EPERM instead.)
 *
 * The two threads then update `inside` at the same time: a data race.
 *
 * How to see it: run it; it reports 2 threads inside the critical section.
 *
 * Helgrind also notices the consequence in the lock itself: the mutex is
 * granted to a thread while, by its books, another one still holds it.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=unlock_wrong_thread.svg -- build/examples/buggy_examples/unlock_wrong_thread
 */
// expect: bad-unlock lockgraph tsan helgrind
// expect: data-race tsan helgrind
// expect: misuse helgrind

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int inside, max_inside;          /* threads in the critical section */
static sem_t job_started;               /* the worker is inside: the watchdog may act */
/* The demo's timing only: the worker's job outlasts the watchdog's visit
 * even on a busy machine. Relaxed, it orders no memory, so it hides no race. */
static atomic_int watchdog_left;

static void enter(void)
{
    if (++inside > max_inside)
        max_inside = inside;
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    enter();
    sem_post(&job_started);
    usleep(200000);                     /* a long job: looks "stuck" */
    while (!atomic_load_explicit(&watchdog_left, memory_order_relaxed))
        usleep(1000);
    inside--;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *watchdog(void *arg)
{
    (void)arg;
    /* always after the worker has taken the lock, however slow its start
     * (a sleep here let the watchdog go first on a busy machine) */
    sem_wait(&job_started);
    printf("watchdog: lock held too long, unlocking it\n");
    pthread_mutex_unlock(&lock);        /* BUG: this thread does not own it */
    pthread_mutex_lock(&lock);
    enter();
    inside--;
    atomic_store_explicit(&watchdog_left, 1, memory_order_relaxed);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    pthread_t w, d;
    setvbuf(stdout, NULL, _IOLBF, 0);
    sem_init(&job_started, 0, 0);
    pthread_create(&w, NULL, worker, NULL);
    pthread_create(&d, NULL, watchdog, NULL);
    pthread_join(w, NULL);
    pthread_join(d, NULL);
    printf("at most %d threads were inside the critical section (expected 1)\n",
           max_inside);
    return max_inside == 1 ? 0 : 1;
}
