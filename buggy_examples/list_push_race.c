/*
 * list_push_race.c -- threads push work items onto one shared linked list.
 *
 * Bug: Two threads push onto a shared linked list without a lock, so nodes are lost.
 * Category: AV (atomicity violation)
 *
 * What goes wrong: push is "n->next = head; head = n;". If both threads read
 * the same head, both link their node to it, and the second store to head
 * drops the first thread's node from the list (a read-modify-write of head).
 *
 * How to see it: run it; the list holds fewer nodes than were pushed.
 * An optional argument sets the pushes per thread (default 300000).
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=list_push_race.svg -- build/examples/buggy_examples/list_push_race
 */
// expect: data-race tsan helgrind

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
    struct node *next;
    long value;
};

static struct node *head;               /* shared list, no lock */
static pthread_barrier_t start;         /* start both threads together */
static long pushes = 300000;

static void push(long value)
{
    struct node *n = malloc(sizeof *n);
    n->value = value;
    n->next = head;                     /* BUG: read head ...          */
    head = n;                           /*      ... write it back later */
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
