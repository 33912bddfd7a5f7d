/*
 * callback_under_lock.c (fixed) -- an event bus that calls subscriber callbacks.
 *
 * Bug: bus_publish() calls the subscribers' callbacks while holding bus_lock, and a callback takes stats_lock, which another thread holds while it publishes.
 * Category: DL (deadlock)
 *
 * Fix: bus_publish() copies the subscriber list while holding bus_lock,
 * releases the lock, and only then calls the callbacks. No lock of the bus
 * is held while foreign code runs, so the edge bus_lock -> stats_lock no
 * longer exists and the cycle with stats_lock -> bus_lock is broken. The
 * stats thread also drops stats_lock before it publishes: the callback, now
 * called in that same thread, takes stats_lock itself.
 * Rule: never call unknown code (callbacks, virtual functions) with a lock held.
 * Picture (its lock graph):
 *   racecheck run --graph=callback_under_lock.svg -- build/examples/fixed_examples/callback_under_lock
 */
// expect: clean

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
    callback_fn copy[4];
    int n;
    pthread_mutex_lock(&bus_lock);
    n = nsubscribers;
    for (int i = 0; i < n; i++)
        copy[i] = subscribers[i];
    pthread_mutex_unlock(&bus_lock);    /* FIX: release before calling out */
    for (int i = 0; i < n; i++)
        copy[i](event);
}

static void count_event(const char *event)
{
    (void)event;
    usleep(50000);                      /* the callback is slow */
    pthread_mutex_lock(&stats_lock);
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
    pthread_mutex_unlock(&stats_lock);  /* the callback takes stats_lock itself */
    usleep(50000);
    bus_publish("stats-report");
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
