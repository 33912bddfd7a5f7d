/*
 * self_deadlock_helper.c (fixed) -- an account whose deposit() calls a logging helper.
 *
 * Bug: deposit() holds the account lock and calls log_balance(), which locks the same non-recursive mutex again, so the thread waits for itself.
 * Category: DL (deadlock)
 *
 * Fix: the helper is split. log_balance_locked() assumes its caller holds
 * account_lock and does not lock; log_balance() is the public wrapper that
 * locks and calls it. deposit() calls the _locked variant. Each code path now
 * locks the mutex exactly once. (A recursive mutex would also "work", but it
 * hides which code really owns the lock.)
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=self_deadlock_helper.svg -- build/examples/fixed_examples/self_deadlock_helper
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account_lock;   /* a default, non-recursive mutex */
static long balance = 100;

static void log_balance_locked(void)    /* FIX: caller must hold account_lock */
{
    printf("balance is now %ld\n", balance);
}

static void log_balance(void)
{
    pthread_mutex_lock(&account_lock);
    log_balance_locked();
    pthread_mutex_unlock(&account_lock);
}

static void deposit(long amount)
{
    pthread_mutex_lock(&account_lock);
    printf("depositing %ld\n", amount);
    balance += amount;
    log_balance_locked();               /* FIX: no second lock */
    pthread_mutex_unlock(&account_lock);
}

static void *teller(void *arg)
{
    (void)arg;
    deposit(10);
    log_balance();
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_mutex_init(&account_lock, NULL);
    pthread_create(&t, NULL, teller, NULL);
    pthread_join(t, NULL);
    printf("final balance %ld (expected 110)\n", balance);
    return 0;
}
