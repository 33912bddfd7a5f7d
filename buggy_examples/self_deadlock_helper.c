/*
 * self_deadlock_helper.c -- an account whose deposit() calls a logging helper.
 *
 * Bug: deposit() holds the account lock and calls log_balance(), which locks the same non-recursive mutex again, so the thread waits for itself.
 * Category: DL (deadlock)
 *
 * What goes wrong: a default pthread mutex is not recursive. The second
 * pthread_mutex_lock by the thread that already owns it blocks forever
 * (the owner is the very thread that would have to unlock it). Each function
 * is correct alone; the bug is in how they were combined.
 *
 * How to see it: run it; it prints "depositing 10" and hangs.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=self_deadlock_helper.svg -- build/examples/buggy_examples/self_deadlock_helper
 */
// expect: double-lock lockgraph helgrind
// known-miss: tsan double-lock TSan reports a double lock only once the second lock has returned, which never happens here

#include <pthread.h>
#include <stdio.h>

/* Initialised with pthread_mutex_init(NULL attributes): a default, non-recursive
 * mutex. (Helgrind treats a PTHREAD_MUTEX_INITIALIZER mutex as possibly
 * recursive and would not flag the re-lock.) */
static pthread_mutex_t account_lock;
static long balance = 100;

static void log_balance(void)
{
    pthread_mutex_lock(&account_lock);  /* BUG: caller already holds it */
    printf("balance is now %ld\n", balance);
    pthread_mutex_unlock(&account_lock);
}

static void deposit(long amount)
{
    pthread_mutex_lock(&account_lock);
    printf("depositing %ld\n", amount);
    balance += amount;
    log_balance();                      /* called with account_lock held */
    pthread_mutex_unlock(&account_lock);
}

static void *teller(void *arg)
{
    (void)arg;
    deposit(10);
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
