/* threads [COUNT]: that many short-lived threads, two at a time, each taking
 * a few locks (two nested, then one alone) and ending. */
#include "bench.h"

#include <pthread.h>

static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER, inner = PTHREAD_MUTEX_INITIALIZER,
                       tally_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long pairs, tally;      /* pairs guarded by inner, tally by tally_lock */

static void *short_lived(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2; i++) {
        pthread_mutex_lock(&outer);
        pthread_mutex_lock(&inner);
        pairs++;
        pthread_mutex_unlock(&inner);
        pthread_mutex_unlock(&outer);
    }
    pthread_mutex_lock(&tally_lock);
    tally++;
    pthread_mutex_unlock(&tally_lock);
    return NULL;
}

int main(int argc, char **argv)
{
    long count = bench_arg(argc, argv, 1, 1000);
    double start = bench_now();
    for (long i = 0; i < count; i += 2) {
        pthread_t a, b;
        pthread_create(&a, NULL, short_lived, NULL);
        int two = i + 1 < count;
        if (two)
            pthread_create(&b, NULL, short_lived, NULL);
        pthread_join(a, NULL);
        if (two)
            pthread_join(b, NULL);
    }
    double seconds = bench_now() - start;
    return bench_result("threads", 5 * count, seconds, pairs + tally, 3ul * (unsigned long)count);
}
