/*
 * flag_publish.c -- a producer hands a message to a consumer through a flag.
 *
 * Bug: The producer sets the plain int flag `ready` before it has finished writing the message, and nothing orders the two threads.
 * Category: OV (order violation)
 *
 * What goes wrong: publishing through a plain flag gives no ordering at all.
 * Here it is visibly wrong: `ready = 1` was placed after the header and
 * before the body, so the consumer wakes up and prints a message whose body
 * is still empty. Even with `ready = 1` moved last, a plain int would still
 * be a data race: the compiler and CPU may reorder the stores, and the
 * consumer's polling loop may be compiled into a loop that never re-reads.
 *
 * How to see it: run it; the consumer prints an empty body.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=flag_publish.svg -- build/examples/buggy_examples/flag_publish
 */
// expect: data-race tsan helgrind

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct { int id; char body[64]; } msg;
static int ready;                       /* BUG: plain int used as a signal */

static void *producer(void *arg)
{
    (void)arg;
    msg.id = 42;
    ready = 1;                          /* BUG: published too early, and unsynchronised */
    usleep(50000);                      /* composing the body takes a while */
    strcpy(msg.body, "hello from the producer");
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    while (!ready)
        usleep(1000);                   /* poll the flag */
    printf("consumer: message %d: '%s' (expected 'hello from the producer')\n",
           msg.id, msg.body);
    return strcmp(msg.body, "hello from the producer") ? (void *)1 : NULL;
}

int main(void)
{
    pthread_t p, c;
    void *failed;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, &failed);
    return failed ? 1 : 0;
}
