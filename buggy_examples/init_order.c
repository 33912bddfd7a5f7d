/*
 * init_order.c -- a logger thread starts and prints the server's settings, which main fills in.
 *
 * Bug: main starts the logger first and publishes the settings only afterwards, assuming the new thread is slower to start than main is to go on.
 * Category: OV (order violation)
 *
 * What goes wrong: every access to the settings pointer is under the mutex,
 * so no race detector complains, but nothing orders main's publication
 * before the logger's read. The logger first gets its output ready, long enough
 * that natively main has always published by then (0 crashes in 300 runs
 * here); if the logger ever runs first (a loaded machine, another
 * scheduler, Valgrind's one-thread-at-a-time) it reads a NULL pointer and
 * crashes.
 *
 * How to see it: run it as often as you like; it prints the settings. Let
 * racecheck choose the schedule:
 *   racecheck check --explore=50 buggy_examples/init_order.c
 * finds a seed where the logger runs first and crashes (pct seed 1), and
 *   racecheck check --schedule=pct --seed=1 --tools=lockgraph buggy_examples/init_order.c
 * crashes the same way every time.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=init_order.svg -- build/examples/buggy_examples/init_order
 */
// explore: 50
// expect: crash lockgraph

#include <pthread.h>
#include <stdio.h>

struct settings {
    int port;
    const char *host;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct settings *current;        /* published by main */

static void *logger(void *arg)
{
    (void)arg;
    char banner[64];
    for (int i = 0; i < 200000; i++)    /* getting its output ready takes a while */
        snprintf(banner, sizeof banner, "logger %d ready", i);
    pthread_mutex_lock(&lock);
    struct settings *s = current;       /* BUG: may run before main publishes */
    printf("%s: serving %s on port %d\n", banner, s->host, s->port);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    static struct settings settings = {8080, "localhost"};
    pthread_t t;
    pthread_create(&t, NULL, logger, NULL);     /* BUG: started before ... */
    pthread_mutex_lock(&lock);
    current = &settings;                        /* ... the settings are published */
    pthread_mutex_unlock(&lock);
    pthread_join(t, NULL);
    return 0;
}
