/*
 * callback_under_lock.c -- an event bus that calls subscriber callbacks.
 *
 * Bug: bus_publish() calls the subscribers' callbacks while holding bus_lock, and a callback takes stats_lock, which another thread holds while it publishes.
 * Category: DL (deadlock)
 *
 * What goes wrong: publisher 1 holds bus_lock and, inside the callback, waits
 * for stats_lock. The stats thread holds stats_lock and calls bus_publish(),
 * which waits for bus_lock. Neither piece of code looks wrong on its own: the
 * hidden lock order bus_lock -> stats_lock comes from calling unknown code
 * (a callback) with a lock held. The sleeps make the overlap happen each run.
 *
 * How to see it: run it; it hangs after two lines.
 * Picture (its lock graph):
 *   racecheck run --graph=callback_under_lock.svg -- build/examples/buggy_examples/callback_under_lock
 */
// expect: deadlock lockgraph
// expect: lock-order-inversion lockgraph
// known-miss: tsan lock-order-inversion TSan records lock order when a lock is acquired; in a real deadlock the second locks never are
// known-miss: helgrind lock-order-inversion Helgrind records lock order when a lock is acquired; in a real deadlock the second locks never are

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

typedef void (*callback_fn)(const char *event);

static pthread_mutex_t bus_lock = PTHREAD_MUTEX_INITIALIZER;
static callback_fn subscribers[4];
static int nsubscribers;

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int events_counted;

static void bus_publish(const char *event)
{
    pthread_mutex_lock(&bus_lock);
    for (int i = 0; i < nsubscribers; i++)
        subscribers[i](event);          /* BUG: foreign code runs under bus_lock */
    pthread_mutex_unlock(&bus_lock);
}

static void count_event(const char *event)
{
    (void)event;
    usleep(50000);                      /* the callback is slow */
    pthread_mutex_lock(&stats_lock);    /* bus_lock -> stats_lock */
    events_counted++;
    pthread_mutex_unlock(&stats_lock);
}

static void *publisher(void *arg)
{
    (void)arg;
    bus_publish("user-login");
    return NULL;
}

static void *stats_reporter(void *arg)
{
    (void)arg;
    usleep(10000);
    pthread_mutex_lock(&stats_lock);
    printf("stats: %d events so far\n", events_counted);
    usleep(50000);
    bus_publish("stats-report");        /* stats_lock -> bus_lock */
    pthread_mutex_unlock(&stats_lock);
    return NULL;
}

int main(void)
{
    pthread_t p, s;
    setvbuf(stdout, NULL, _IOLBF, 0);
    subscribers[nsubscribers++] = count_event;
    printf("publishing...\n");
    pthread_create(&p, NULL, publisher, NULL);
    pthread_create(&s, NULL, stats_reporter, NULL);
    pthread_join(p, NULL);
    pthread_join(s, NULL);
    printf("events counted: %d (expected 2)\n", events_counted);
    return 0;
}
