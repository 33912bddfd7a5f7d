/*
 * if_instead_of_while.c -- two consumers take jobs from a linked-list queue.
 *
 * Bug: The consumers test "queue empty?" with `if` instead of `while`, so a consumer that is woken up but finds the queue already emptied by the other one pops from an empty queue.
 * Category: LW (lost wakeup / condition-variable bug)
 *
 * What goes wrong: a wakeup from pthread_cond_wait only means "something may
 * have changed". Here the producer adds ONE job and broadcasts; both sleeping
 * consumers wake up, the first takes the job, and the second, which does not
 * re-check the condition, dereferences the NULL head. (Spurious wakeups can
 * cause the same thing even with pthread_cond_signal.)
 *
 * How to see it: run it; it crashes with a segmentation fault.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=if_instead_of_while.svg -- build/examples/buggy_examples/if_instead_of_while
 */
// expect: crash tsan

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct job { struct job *next; int id; };

static struct job *head;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_nonempty = PTHREAD_COND_INITIALIZER;

static void *consumer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&queue_lock);
    if (head == NULL)                   /* BUG: must be `while` */
        pthread_cond_wait(&queue_nonempty, &queue_lock);
    struct job *j = head;
    head = j->next;                     /* crashes when the queue is empty */
    pthread_mutex_unlock(&queue_lock);
    printf("consumer got job %d\n", j->id);
    free(j);
    return NULL;
}

int main(void)
{
    pthread_t c1, c2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&c1, NULL, consumer, NULL);
    pthread_create(&c2, NULL, consumer, NULL);
    usleep(100000);                     /* let both consumers go to sleep */

    struct job *j = malloc(sizeof *j);
    j->id = 1;
    pthread_mutex_lock(&queue_lock);
    j->next = head;
    head = j;
    pthread_cond_broadcast(&queue_nonempty);   /* wakes both consumers */
    pthread_mutex_unlock(&queue_lock);

    usleep(100000);
    pthread_mutex_lock(&queue_lock);    /* a second job, for the other consumer */
    j = malloc(sizeof *j);
    j->id = 2;
    j->next = head;
    head = j;
    pthread_cond_broadcast(&queue_nonempty);
    pthread_mutex_unlock(&queue_lock);

    pthread_join(c1, NULL);
    pthread_join(c2, NULL);
    printf("both jobs done\n");
    return 0;
}
