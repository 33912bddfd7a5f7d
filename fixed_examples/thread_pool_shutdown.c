/*
 * thread_pool_shutdown.c (fixed) -- a tiny thread pool with a task queue and a shutdown flag.
 *
 * Bug: Workers test the shutdown flag without the lock and before looking at the queue, so on shutdown they quit while tasks are still queued and those tasks never run.
 * Category: OV (order violation)
 *
 * Fix: the unlocked check at the top of the loop is gone. A worker reads
 * `shutdown` only under the lock, and leaves only when the queue is empty
 * AND shutdown was requested: queued work is always drained first. Each task
 * is taken from the queue exactly once, under the lock, so none is lost and
 * none runs twice.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=thread_pool_shutdown.svg -- build/examples/fixed_examples/thread_pool_shutdown
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define NWORKERS 2
#define NTASKS 20

static struct pool {
    pthread_mutex_t lock;
    pthread_cond_t work;
    int queue[NTASKS], head, tail;
    int shutdown;
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0, 0 };

static void *worker(void *arg)
{
    long done = 0;                      /* tasks this worker ran */
    (void)arg;
    for (;;) {                          /* FIX: no unlocked shutdown check */
        pthread_mutex_lock(&pool.lock);
        while (pool.head == pool.tail && !pool.shutdown)
            pthread_cond_wait(&pool.work, &pool.lock);
        if (pool.head == pool.tail) {   /* empty and shutting down: done */
            pthread_mutex_unlock(&pool.lock);
            break;
        }
        int task = pool.queue[pool.head++];
        pthread_mutex_unlock(&pool.lock);
        usleep(2000 + task);            /* run the task */
        done++;
    }
    return (void *)done;
}

int main(void)
{
    pthread_t t[NWORKERS];
    long tasks_run = 0;
    for (int i = 0; i < NWORKERS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    usleep(10000);                      /* the workers are idle, waiting */
    pthread_mutex_lock(&pool.lock);
    for (int i = 0; i < NTASKS; i++)
        pool.queue[pool.tail++] = i;
    pthread_cond_broadcast(&pool.work);
    pthread_mutex_unlock(&pool.lock);
    usleep(1000);

    pthread_mutex_lock(&pool.lock);     /* pool_shutdown(): finish, then stop */
    pool.shutdown = 1;
    pthread_cond_broadcast(&pool.work);
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < NWORKERS; i++) {
        void *done;
        pthread_join(t[i], &done);
        tasks_run += (long)done;
    }
    printf("tasks run: %ld of %d\n", tasks_run, NTASKS);
    return tasks_run == NTASKS ? 0 : 1;
}
