/*
 * overdraw.c (fixed) -- two ATM withdrawals from one account of 100, each of 70.
 *
 * Bug: Each withdrawal checks the balance in one critical section and takes the money in a second one, so both can pass the check before either withdraws.
 * Category: AV (atomicity violation)
 *
 * Fix: the check and the withdrawal are one critical section, so no other
 * thread can act between them: whichever thread comes second sees 30 and
 * takes nothing. No schedule overdraws:
 *   racecheck check --explore=200 fixed_examples/overdraw.c    # clean
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=overdraw.svg -- build/examples/fixed_examples/overdraw
 */
// explore: 200
// expect: clean

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void *withdraw(void *arg)
{
    int amount = 70;
    pthread_mutex_lock(&account);
    if (balance >= amount)              /* FIX: check and act under one lock */
        balance -= amount;
    pthread_mutex_unlock(&account);
    return arg;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, withdraw, NULL);
    pthread_create(&b, NULL, withdraw, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("balance %d\n", balance);
    return balance < 0;
}
