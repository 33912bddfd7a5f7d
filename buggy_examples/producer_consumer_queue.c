/*
 * producer_consumer_queue.c -- a bounded ring buffer with one producer and two consumers.
 *
 * Bug: get() checks `count > 0` without the lock and only then locks to take an item, so two consumers can both see the last item and both take it.
 * Category: AV (atomicity violation)
 *
 * What goes wrong: "is there an item?" and "take the item" must be one
 * critical section. Both consumers see count == 1, both lock in turn and
 * both take "the" item: the second reads a stale slot and drives count to
 * -1, after which the producer overwrites items nobody has read. Items are
 * duplicated and lost, and the unlocked read of count is a data race.
 *
 * How to see it: run it; the consumed sum differs from the expected sum.
 * An optional argument sets the number of items (default 20000).
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=producer_consumer_queue.svg -- build/examples/buggy_examples/producer_consumer_queue
 */
// expect: data-race tsan helgrind

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#define CAP 8

struct queue {
    int buf[CAP];
    int head, tail, count;
    pthread_mutex_t lock;
    pthread_cond_t not_full;
};
static struct queue q = { .lock = PTHREAD_MUTEX_INITIALIZER,
                          .not_full = PTHREAD_COND_INITIALIZER };
static long items = 20000;

static void put(struct queue *qu, int v)
{
    pthread_mutex_lock(&qu->lock);
    while (qu->count == CAP)
        pthread_cond_wait(&qu->not_full, &qu->lock);
    qu->buf[qu->tail] = v;
    qu->tail = (qu->tail + 1) % CAP;
    qu->count++;
    pthread_mutex_unlock(&qu->lock);
}

static int get(struct queue *qu)
{
    while (qu->count <= 0)              /* BUG: checked without the lock ... */
        sched_yield();
    pthread_mutex_lock(&qu->lock);      /* ... and acted on after locking */
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
