/*
 * flag_publish.c (fixed) -- a producer hands a message to a consumer through a flag.
 *
 * Bug: The producer sets the plain int flag `ready` before it has finished writing the message, and nothing orders the two threads.
 * Category: OV (order violation)
 *
 * Fix: `ready` is now set last, and it is written and read only while
 * holding msg_lock; the consumer sleeps on a condition variable instead of
 * polling. The producer's unlock and the consumer's lock order every write to
 * msg before every read of it, so the consumer sees the complete message.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=flag_publish.svg -- build/examples/fixed_examples/flag_publish
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct { int id; char body[64]; } msg;
static int ready;                       /* protected by msg_lock */
static pthread_mutex_t msg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t msg_ready = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg)
{
    (void)arg;
    msg.id = 42;
    usleep(50000);                      /* composing the body takes a while */
    strcpy(msg.body, "hello from the producer");
    pthread_mutex_lock(&msg_lock);
    ready = 1;                          /* FIX: published last, under the lock */
    pthread_cond_signal(&msg_ready);
    pthread_mutex_unlock(&msg_lock);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&msg_lock);
    while (!ready)
        pthread_cond_wait(&msg_ready, &msg_lock);
    pthread_mutex_unlock(&msg_lock);
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
