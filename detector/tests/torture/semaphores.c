// Semaphores as counters (a bounded buffer: slots and items) and as a lock
// (a binary semaphore around a shared sum), with sem_trywait and sem_getvalue.
// expect: none
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#define SIZE 8
#define ITEMS 20000
static sem_t slots, items, lock;
static int buffer[SIZE], head, tail;
static long sum;

static void *producer(void *arg) {
    for (int i = 1; i <= ITEMS; i++) {
        sem_wait(&slots);
        sem_wait(&lock);
        buffer[head] = i;
        head = (head + 1) % SIZE;
        sem_post(&lock);
        sem_post(&items);
    }
    return arg;
}

static void *consumer(void *arg) {
    for (int i = 0; i < ITEMS / 2; i++) {
        while (sem_trywait(&items) != 0)
            sem_wait(&items), sem_post(&items);   /* block, then retry the try */
        sem_wait(&lock);
        sum += buffer[tail];
        tail = (tail + 1) % SIZE;
        sem_post(&lock);
        sem_post(&slots);
    }
    return arg;
}

int main(void) {
    sem_init(&slots, 0, SIZE);
    sem_init(&items, 0, 0);
    sem_init(&lock, 0, 1);
    pthread_t p, c[2];
    pthread_create(&p, NULL, producer, NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&c[i], NULL, consumer, NULL);
    pthread_join(p, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(c[i], NULL);
    int free_slots;
    sem_getvalue(&slots, &free_slots);
    printf("sum %ld (expected %ld), %d free slots\n", sum, (long)ITEMS * (ITEMS + 1) / 2, free_slots);
    return 0;
}
