/*
 * spin_on_flag.c -- a thread busy-waits until main says the result is done.
 *
 * Bug: The waiter spins on a plain int `done` that main sets, with no synchronisation, so the compiler may read it only once and the loop never ends.
 * Category: DR (data race)
 *
 * What goes wrong: an unsynchronised write and read of `done` is a data race,
 * so the compiler may assume no other thread changes it. gcc and clang at -O1
 * load `done` once before the loop and then spin forever on the stale value.
 * Even where it happens to work (-O0), the waiter burns a whole CPU while it
 * waits, and nothing guarantees it sees `result` after seeing `done`.
 *
 * How to see it: build with -O1 and run it; main sets done = 1 and the waiter
 * never notices (the program hangs at 100% CPU).
 *
 * Under lockgraph it spins until racecheck stops it at the time limit; no
 * thread is blocked in a pthread call, so lockgraph cannot prove a hang and
 * reaching the limit is no finding by itself. TSan and Helgrind report the
 * race on `done` as it happens.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --timeout=5 --trace=spin_on_flag.svg -- build/examples/buggy_examples/spin_on_flag
 */
// expect: data-race tsan helgrind
// expect: timeout lockgraph

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int done;                        /* BUG: plain int used to signal */
static long result;

static void *waiter(void *arg)
{
    (void)arg;
    while (!done)                       /* BUG: may be compiled to one read */
        ;                               /* spin */
    printf("waiter: result = %ld (expected 42)\n", result);
    return NULL;
}

int main(void)
{
    pthread_t t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_create(&t, NULL, waiter, NULL);
    usleep(100000);                     /* compute the result */
    result = 42;
    done = 1;
    printf("main: done = 1\n");
    pthread_join(t, NULL);
    return 0;
}
