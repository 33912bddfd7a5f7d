/*
 * semaphore_order.c -- a bounded buffer built from three semaphores.
 *
 * Bug: The producer takes the `mutex` semaphore before waiting on `empty`, so when the buffer is full it sleeps while holding the buffer and the consumer can never get in to make room.
 * Category: DL (deadlock)
 *
 * What goes wrong: the textbook order is wait(empty) then wait(mutex). With
 * the two swapped, a producer that finds the buffer full blocks in
 * sem_wait(&empty) while it holds `mutex`; the consumer blocks in
 * sem_wait(&mutex) and never posts `empty`. The consumer starts late (as if
 * busy), so the buffer is full before it arrives, on every run.
 *
 * How to see it: run it; the producer fills 4 slots and everything stops.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=semaphore_order.svg -- build/examples/buggy_examples/semaphore_order
 */
// expect: hang lockgraph

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
        sem_wait(&mutex);               /* BUG: mutex first ...               */
        sem_wait(&empty);               /* ... then sleep on empty, holding it */
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
