/*
 * transfer_deadlock.c (fixed) -- bank transfers that lock both accounts.
 *
 * Bug: transfer() locks the `from` account and then the `to` account, so two opposite transfers lock the same pair in opposite orders and deadlock.
 * Category: DL (deadlock)
 *
 * Fix: transfer() always locks the account with the smaller id first,
 * whatever the direction of the transfer. All threads now agree on one
 * global lock order, so a cycle of waiting threads cannot form.
 * Picture (its lock graph):
 *   racecheck run --graph=transfer_deadlock.svg -- build/examples/fixed_examples/transfer_deadlock
 */
// expect: clean

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
    struct account *first = from->id < to->id ? from : to;   /* FIX: fixed order */
    struct account *second = from->id < to->id ? to : from;
    pthread_mutex_lock(&first->lock);
    usleep(10000);                      /* write an audit record */
    pthread_mutex_lock(&second->lock);
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&second->lock);
    pthread_mutex_unlock(&first->lock);
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
