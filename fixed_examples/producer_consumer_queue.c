/*
 * producer_consumer_queue.c (fixed) -- a bounded ring buffer with one producer and two consumers.
 *
 * Bug: get() checks `count > 0` without the lock and only then locks to take an item, so two consumers can both see the last item and both take it.
 * Category: AV (atomicity violation)
 *
 * Fix: get() takes the lock first and checks `count` inside the critical
 * section, sleeping on a `not_empty` condition variable (signalled by put)
 * instead of spinning. The check and the take are now one atomic step, so a
 * consumer only ever takes an item that is really there, and each item is
 * taken exactly once.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=producer_consumer_queue.svg -- build/examples/fixed_examples/producer_consumer_queue
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CAP 8

struct queue {
    int buf[CAP];
    int head, tail, count;
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
};
static struct queue q = { .lock = PTHREAD_MUTEX_INITIALIZER,
                          .not_full = PTHREAD_COND_INITIALIZER,
                          .not_empty = PTHREAD_COND_INITIALIZER };
static long items = 20000;

static void put(struct queue *qu, int v)
{
    pthread_mutex_lock(&qu->lock);
    while (qu->count == CAP)
        pthread_cond_wait(&qu->not_full, &qu->lock);
    qu->buf[qu->tail] = v;
    qu->tail = (qu->tail + 1) % CAP;
    qu->count++;
    pthread_cond_signal(&qu->not_empty);
    pthread_mutex_unlock(&qu->lock);
}

static int get(struct queue *qu)
{
    pthread_mutex_lock(&qu->lock);      /* FIX: lock, then check and take */
    while (qu->count == 0)
        pthread_cond_wait(&qu->not_empty, &qu->lock);
    int v = qu->buf[qu->head];
    qu->head = (qu->head + 1) % CAP;
    qu->count--;
    pthread_cond_signal(&qu->not_full);
    pthread_mutex_unlock(&qu->lock);
    return v;
}

static void *producer(void *arg)
{
    for (long i = 1; i <= items; i++)
        put(arg, (int)i);
    return NULL;
}

static void *consumer(void *arg)
{
    long sum = 0;
    for (long i = 0; i < items / 2; i++)
        sum += get(arg);
    return (void *)sum;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        items = atol(argv[1]) / 2 * 2;
    pthread_t p, c1, c2;
    void *s1, *s2;
    pthread_create(&c1, NULL, consumer, &q);
    pthread_create(&c2, NULL, consumer, &q);
    pthread_create(&p, NULL, producer, &q);
    pthread_join(p, NULL);
    pthread_join(c1, &s1);
    pthread_join(c2, &s2);
    long sum = (long)s1 + (long)s2, expected = items * (items + 1) / 2;
    printf("consumed sum %ld (expected %ld), final count %d (expected 0)\n",
           sum, expected, q.count);
    return sum == expected ? 0 : 1;
}
