/*
 * init_order.c (fixed) -- a logger thread starts and prints the server's settings, which main fills in.
 *
 * Bug: main starts the logger first and publishes the settings only afterwards, assuming the new thread is slower to start than main is to go on.
 * Category: OV (order violation)
 *
 * Fix: main publishes the settings before it creates the logger.
 * pthread_create orders everything main did before it with everything the
 * new thread does, so the logger always finds them, in every schedule:
 *   racecheck check --explore=50 fixed_examples/init_order.c    # clean
 * Picture (its timeline of lock holds and waits):
 *   racecheck run --trace=init_order.svg -- build/examples/fixed_examples/init_order
 */
// explore: 50
// expect: clean

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
    struct settings *s = current;
    printf("%s: serving %s on port %d\n", banner, s->host, s->port);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    static struct settings settings = {8080, "localhost"};
    pthread_t t;
    pthread_mutex_lock(&lock);
    current = &settings;                        /* FIX: published first ... */
    pthread_mutex_unlock(&lock);
    pthread_create(&t, NULL, logger, NULL);     /* ... then the logger starts */
    pthread_join(t, NULL);
    return 0;
}
