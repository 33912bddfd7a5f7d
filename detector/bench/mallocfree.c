/* mallocfree N [L]: the cost the detector adds to free() (it intercepts free
 * and realloc so that locks in freed memory die with it). One thread makes N
 * malloc/free pairs of 16 to 512 bytes, with up to 64 blocks live at once;
 * with L > 0, L heap structs each holding a mutex that has been locked stay
 * live among them, so that the detector's per-line lock counts are not all
 * zero. Not in the `make bench` table: measured with callgrind (instruction
 * counts with and without the detector, see README "Speed and scale"). */
#include <pthread.h>

#include "bench.h"

struct locked { pthread_mutex_t m; long v; };

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 1, 10000000), nlocks = bench_arg(argc, argv, 2, 0);
    struct locked **locks = calloc((size_t)(nlocks ? nlocks : 1), sizeof *locks);
    void *live[64] = {0};
    unsigned long sum = 0;
    double start = bench_now();
    for (long i = 0; i < n; i++) {
        if (i < nlocks) {       /* interleaved with the churn, so they share its lines */
            locks[i] = malloc(sizeof *locks[i]);
            pthread_mutex_init(&locks[i]->m, NULL);
            pthread_mutex_lock(&locks[i]->m);
            locks[i]->v = i;
            pthread_mutex_unlock(&locks[i]->m);
        }
        unsigned k = (unsigned)(i * 2654435761u) >> 26;      /* 0..63 */
        free(live[k]);
        size_t size = 16 + ((size_t)(i * 40503u) & 511);
        char *p = malloc(size);
        p[0] = (char)i;
        sum += (unsigned char)p[0];
        live[k] = p;
    }
    double seconds = bench_now() - start;
    for (int k = 0; k < 64; k++)
        free(live[k]);
    for (long i = 0; i < nlocks; i++) {
        sum += (unsigned long)locks[i]->v;
        free(locks[i]);
    }
    free(locks);
    unsigned long want = 0;
    for (long i = 0; i < n; i++)
        want += (unsigned char)(char)i;
    for (long i = 0; i < nlocks; i++)
        want += (unsigned long)i;
    return bench_result("mallocfree", n + nlocks, seconds, sum, want);
}
