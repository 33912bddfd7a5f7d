/* uncontended [ITERATIONS]: one thread locks and unlocks one mutex in a tight
 * loop: the cost of one lock operation with nothing else going on. */
#include "bench.h"

#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long counter;

int main(int argc, char **argv)
{
    long iterations = bench_arg(argc, argv, 1, 20000000);
    double start = bench_now();
    for (long i = 0; i < iterations; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    double seconds = bench_now() - start;
    return bench_result("uncontended", iterations, seconds, counter, (unsigned long)iterations);
}
