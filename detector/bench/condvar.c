/* condvar [ROUNDS]: two threads hand a token back and forth through one
 * mutex and two condition variables. */
#include "bench.h"

#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed[2] = {PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER};
static int turn;                        /* whose move: 0 or 1 */
static long rounds;
static unsigned long moves[2];

static void *player(void *arg)
{
    int me = (int)(long)arg;
    for (long r = 0; r < rounds; r++) {
        pthread_mutex_lock(&lock);
        while (turn != me)
            pthread_cond_wait(&turn_changed[me], &lock);
        moves[me]++;
        turn = !me;
        pthread_cond_signal(&turn_changed[!me]);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    rounds = bench_arg(argc, argv, 1, 100000);
    pthread_t other;
    double start = bench_now();
    pthread_create(&other, NULL, player, (void *)1L);
    player((void *)0L);
    pthread_join(other, NULL);
    double seconds = bench_now() - start;
    /* one lock per move, plus one per wake-up inside the waits (not counted) */
    return bench_result("condvar", 2 * rounds, seconds, moves[0] + moves[1],
                        2ul * (unsigned long)rounds);
}
