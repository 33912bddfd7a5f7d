/*
 * overdraw.c -- two ATM withdrawals from one account of 100, each of 70.
 *
 * Bug: Each withdrawal checks the balance in one critical section and takes the money in a second one, so both can pass the check before either withdraws.
 * Category: AV (atomicity violation)
 *
 * What goes wrong: every access to the balance is under the mutex, so there
 * is no data race for a race detector to see, yet the check and the act are
 * not one atomic step. If the second thread checks between the first one's
 * check and its withdrawal, both see 100 >= 70, both withdraw, and the
 * balance ends at -40. Natively the first thread is almost always done
 * before the second starts: the bug hides (0 of 300 native runs here).
 *
 * How to see it: run it a thousand times and it prints "balance 30" every
 * time. Let racecheck choose the schedule instead:
 *   racecheck check --explore=200 buggy_examples/overdraw.c
 * finds a seed that overdraws (pct seed 17), and its replay shows it every
 * time:
 *   racecheck check --schedule=pct --seed=17 --tools=lockgraph buggy_examples/overdraw.c
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=overdraw.svg -- build/examples/buggy_examples/overdraw
 */
// explore: 200
// expect: data-race lockgraph

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void *withdraw(void *arg)
{
    int amount = 70, enough;
    pthread_mutex_lock(&account);
    enough = balance >= amount;         /* BUG: the check ... */
    pthread_mutex_unlock(&account);
    if (enough) {
        pthread_mutex_lock(&account);
        balance -= amount;              /* ... and the act, in two critical sections */
        pthread_mutex_unlock(&account);
    }
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
    return balance < 0;                 /* an overdraft is a failure */
}
