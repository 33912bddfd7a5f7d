/*
 * use_before_init.c -- a worker thread that uses the configuration.
 *
 * Bug: main starts the worker thread before it has loaded the configuration the worker reads.
 * Category: OV (order violation)
 *
 * What goes wrong: the programmer assumed "load_config() is the very next
 * line, it will be done before the worker gets going". Nothing enforces that
 * order: the worker reads `config` while (or before) main writes it. Loading
 * takes a moment (a usleep stands in for reading a file), so the worker sees
 * the empty, zeroed configuration.
 *
 * How to see it: run it; the worker prints port 0 and an empty host name.
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=use_before_init.svg -- build/examples/buggy_examples/use_before_init
 */
// expect: data-race tsan helgrind

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct config {
    char host[32];
    int port;
} config;                               /* zero until load_config() runs */

static void load_config(void)
{
    usleep(50000);                      /* pretend to read a file */
    strcpy(config.host, "db.example");
    config.port = 5432;
}

static void *worker(void *arg)
{
    (void)arg;
    printf("worker: connecting to '%s' port %d (expected 'db.example' port 5432)\n",
           config.host, config.port);   /* BUG: may run before load_config() */
    return config.port == 5432 ? NULL : (void *)1;
}

int main(void)
{
    pthread_t t;
    void *failed;
    pthread_create(&t, NULL, worker, NULL);
    load_config();                      /* BUG: too late, the worker is already running */
    pthread_join(t, &failed);
    return failed ? 1 : 0;
}
