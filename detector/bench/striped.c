/* striped [UPDATES]: a table of 1,024 stripes, each with its mutex. Two
 * threads each make UPDATES updates of random stripes (one lock each) and,
 * every 2,000 updates, lock all stripes in index order for a consistent
 * snapshot (about 524,000 distinct lock-order edges, all agreeing with one
 * order; each snapshot acquisition has up to 1,023 locks held). */
#include "bench.h"

#include <pthread.h>

#define STRIPES 1024
#define SNAPSHOT_EVERY 2000
#define THREADS 2

static struct stripe {
    pthread_mutex_t lock;
    unsigned long value;                /* guarded by lock */
} table[STRIPES];
static long updates;

struct worker {
    pthread_t thread;
    unsigned seed;
    unsigned long added;                /* what this thread added to the table */
    long locks;                         /* acquisitions made */
    int bad_snapshots;                  /* snapshots that saw the sum go down */
};

static void *work(void *arg)
{
    struct worker *w = arg;
    unsigned long last_sum = 0;
    for (long n = 1; n <= updates; n++) {
        w->seed = w->seed * 1103515245u + 12345u;
        struct stripe *s = &table[(w->seed >> 16) % STRIPES];
        pthread_mutex_lock(&s->lock);
        s->value += 1 + (w->seed & 3);
        pthread_mutex_unlock(&s->lock);
        w->added += 1 + (w->seed & 3);
        w->locks++;
        if (n % SNAPSHOT_EVERY)
            continue;
        unsigned long sum = 0;
        for (int i = 0; i < STRIPES; i++) {
            pthread_mutex_lock(&table[i].lock);
            sum += table[i].value;
        }
        for (int i = STRIPES - 1; i >= 0; i--)
            pthread_mutex_unlock(&table[i].lock);
        w->locks += STRIPES;
        /* values only grow: a snapshot under every lock never sees less */
        w->bad_snapshots += sum < last_sum;
        last_sum = sum;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    updates = bench_arg(argc, argv, 1, 1000000);
    if (updates < 1)
        return 2;
    static struct worker workers[THREADS];
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&table[i].lock, NULL);
    double start = bench_now();
    for (int i = 0; i < THREADS; i++) {
        workers[i].seed = 7919u * (unsigned)(i + 1);
        pthread_create(&workers[i].thread, NULL, work, &workers[i]);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(workers[i].thread, NULL);
    double seconds = bench_now() - start;
    unsigned long got = 0, want = 0;
    long ops = 0;
    for (int i = 0; i < STRIPES; i++) {
        got += table[i].value;
        pthread_mutex_destroy(&table[i].lock);
    }
    for (int i = 0; i < THREADS; i++) {
        want += workers[i].added;
        ops += workers[i].locks;
        if (workers[i].bad_snapshots)
            got = 0;
    }
    return bench_result("striped", ops, seconds, got, want);
}
