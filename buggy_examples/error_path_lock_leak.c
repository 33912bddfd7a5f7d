/*
 * error_path_lock_leak.c -- withdraw() with an "insufficient funds" error path.
 *
 * Bug: withdraw() returns early on its error path without unlocking the account, so the next thread that locks the account blocks forever.
 * Category: DL (deadlock)
 *
 * What goes wrong: the normal path unlocks at the end, but the early
 * `return -1` skips the unlock. The lock stays held by main, which goes on
 * to start a depositor thread and waits for it; the depositor waits for the
 * lock that nobody will ever release: main waits (join) for the depositor,
 * which waits (lock) for main -- a deadlock through one lock and one join.
 *
 * How to see it: run it; it reports the refused withdrawal and hangs.
 * Picture (its lock graph):
 *   racecheck run --graph=error_path_lock_leak.svg -- build/examples/buggy_examples/error_path_lock_leak
 */
// expect: deadlock lockgraph

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance = 100;

static int withdraw(long amount)
{
    pthread_mutex_lock(&account_lock);
    if (amount > balance)
        return -1;                      /* BUG: returns with account_lock held */
    balance -= amount;
    pthread_mutex_unlock(&account_lock);
    return 0;
}

static void *depositor(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&account_lock);  /* blocks forever */
    balance += 50;
    pthread_mutex_unlock(&account_lock);
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (withdraw(500) != 0)
        printf("withdraw 500: refused, insufficient funds\n");
    pthread_create(&t, NULL, depositor, NULL);
    pthread_join(t, NULL);
    printf("balance = %ld (expected 150)\n", balance);
    return 0;
}
