/*
 * error_path_lock_leak.c (fixed) -- withdraw() with an "insufficient funds" error path.
 *
 * Bug: withdraw() returns early on its error path without unlocking the account, so the next thread that locks the account blocks forever.
 * Category: DL (deadlock)
 *
 * Fix: withdraw() has a single exit. The result is stored in `rc` and every
 * path falls through to the one unlock at the end, so no return can skip it.
 * (A `goto out;` to a common unlock label is the usual C idiom for longer
 * functions.)
 * Picture (its lock graph):
 *   racecheck run --graph=error_path_lock_leak.svg -- build/examples/fixed_examples/error_path_lock_leak
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static long balance = 100;

static int withdraw(long amount)
{
    int rc = 0;
    pthread_mutex_lock(&account_lock);
    if (amount > balance)
        rc = -1;                        /* FIX: no early return */
    else
        balance -= amount;
    pthread_mutex_unlock(&account_lock);
    return rc;
}

static void *depositor(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&account_lock);
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
