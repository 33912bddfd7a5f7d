/*
 * list_push_race.c (fixed) -- threads push work items onto one shared linked list.
 *
 * Bug: Two threads push onto a shared linked list without a lock, so nodes are lost.
 * Category: AV (atomicity violation)
 *
 * Fix: push() holds list_lock while it reads and rewrites head, so the pair
 * "n->next = head; head = n" is atomic with respect to the other thread.
 * The malloc stays outside the lock to keep the critical section short.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=list_push_race.svg -- build/examples/fixed_examples/list_push_race
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
    struct node *next;
    long value;
};

static struct node *head;
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;         /* start both threads together */
static long pushes = 100000;     /* fewer: locking is slow under Helgrind */

static void push(long value)
{
    struct node *n = malloc(sizeof *n);
    n->value = value;
    pthread_mutex_lock(&list_lock);     /* FIX: read and write head atomically */
    n->next = head;
    head = n;
    pthread_mutex_unlock(&list_lock);
}

static void *producer(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (long i = 0; i < pushes; i++)
        push(i);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        pushes = atol(argv[1]);
    pthread_t a, b;
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&a, NULL, producer, NULL);
    pthread_create(&b, NULL, producer, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_barrier_destroy(&start);

    long count = 0;
    while (head) {
        struct node *n = head;
        head = n->next;
        free(n);
        count++;
    }
    printf("list has %ld nodes (expected %ld)\n", count, 2 * pushes);
    return count == 2 * pushes ? 0 : 1;
}
