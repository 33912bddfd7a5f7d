/*
 * use_before_init.c (fixed) -- a worker thread that uses the configuration.
 *
 * Bug: main starts the worker thread before it has loaded the configuration the worker reads.
 * Category: OV (order violation)
 *
 * Fix: load_config() now runs before pthread_create. Everything a thread
 * did before pthread_create "happens before" everything the new thread does,
 * so the worker is guaranteed to see the loaded values, with no lock at all
 * (the configuration is read-only once the worker exists).
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=use_before_init.svg -- build/examples/fixed_examples/use_before_init
 */
// expect: clean

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct config {
    char host[32];
    int port;
} config;

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
           config.host, config.port);
    return config.port == 5432 ? NULL : (void *)1;
}

int main(void)
{
    pthread_t t;
    void *failed;
    load_config();                      /* FIX: initialise first ... */
    pthread_create(&t, NULL, worker, NULL);  /* ... then start the reader */
    pthread_join(t, &failed);
    return failed ? 1 : 0;
}
