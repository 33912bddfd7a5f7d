/*
 * semaphore_order.c (fixed) -- a bounded buffer built from three semaphores.
 *
 * Bug: The producer takes the `mutex` semaphore before waiting on `empty`, so when the buffer is full it sleeps while holding the buffer and the consumer can never get in to make room.
 * Category: DL (deadlock)
 *
 * Fix: the producer first waits for a free slot (`empty`) and only then
 * takes `mutex`, the same pattern as the consumer (`full`, then `mutex`).
 * Nobody ever sleeps on a counting semaphore while holding the buffer, so
 * the other side can always get in and make progress.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=semaphore_order.svg -- build/examples/fixed_examples/semaphore_order
 */
// expect: clean

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

#define CAP 4
#define ITEMS 10

static int buf[CAP], in, out;
static sem_t mutex, empty, full;        /* 1, CAP, 0 */

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        sem_wait(&empty);               /* FIX: wait for room first ... */
        sem_wait(&mutex);               /* ... then enter the buffer     */
        buf[in] = i;
        in = (in + 1) % CAP;
        printf("produced %d\n", i);
        sem_post(&mutex);
        sem_post(&full);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long sum = 0;
    (void)arg;
    usleep(100000);                     /* busy elsewhere: the buffer fills up */
    for (int i = 1; i <= ITEMS; i++) {
        sem_wait(&full);
        sem_wait(&mutex);
        sum += buf[out];
        out = (out + 1) % CAP;
        sem_post(&mutex);
        sem_post(&empty);
    }
    printf("consumed sum %ld (expected %d)\n", sum, ITEMS * (ITEMS + 1) / 2);
    return NULL;
}

int main(void)
{
    pthread_t p, c;
    setvbuf(stdout, NULL, _IOLBF, 0);
    sem_init(&mutex, 0, 1);
    sem_init(&empty, 0, CAP);
    sem_init(&full, 0, 0);
    pthread_create(&p, NULL, producer, NULL);
    pthread_create(&c, NULL, consumer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    return 0;
}
