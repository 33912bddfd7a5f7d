/*
 * transfer_deadlock.c -- bank transfers that lock both accounts.
 *
 * Bug: transfer() locks the `from` account and then the `to` account, so two opposite transfers lock the same pair in opposite orders and deadlock.
 * Category: DL (deadlock)
 *
 * What goes wrong: transfer(a, b) holds a and waits for b while
 * transfer(b, a) holds b and waits for a. The lock order depends on the
 * arguments, so the code looks consistent but is not. The usleep (writing an
 * audit record) makes the overlap, and so the hang, happen on every run.
 *
 * How to see it: run it; it hangs. With Ctrl-C you see no final balance.
 * Picture (its lock graph):
 *   racecheck run --graph=transfer_deadlock.svg -- build/examples/buggy_examples/transfer_deadlock
 */
// expect: deadlock lockgraph
// expect: lock-order-inversion lockgraph
// known-miss: tsan lock-order-inversion TSan records lock order when a lock is acquired; in a real deadlock the second locks never are
// known-miss: helgrind lock-order-inversion Helgrind records lock order when a lock is acquired; in a real deadlock the second locks never are

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct account {
    int id;
    long balance;
    pthread_mutex_t lock;
};

static struct account alice = { 1, 100, PTHREAD_MUTEX_INITIALIZER };
static struct account bob   = { 2, 100, PTHREAD_MUTEX_INITIALIZER };

static void transfer(struct account *from, struct account *to, long amount)
{
    pthread_mutex_lock(&from->lock);    /* BUG: order depends on the arguments */
    usleep(10000);                      /* write an audit record (widens the window) */
    pthread_mutex_lock(&to->lock);
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&to->lock);
    pthread_mutex_unlock(&from->lock);
}

static void *alice_pays(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++)
        transfer(&alice, &bob, 5);
    return NULL;
}

static void *bob_pays(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++)
        transfer(&bob, &alice, 3);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("transferring...\n");
    pthread_create(&a, NULL, alice_pays, NULL);
    pthread_create(&b, NULL, bob_pays, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("alice = %ld, bob = %ld, total = %ld (expected 200)\n",
           alice.balance, bob.balance, alice.balance + bob.balance);
    return 0;
}
