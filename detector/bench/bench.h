/* Shared by the benchmark programs: a count from the command line, a clock,
 * and the one result line the harness (run.sh) reads. */
#ifndef BENCH_H
#define BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline long bench_arg(int argc, char **argv, int i, long def)
{
    return argc > i ? atol(argv[i]) : def;
}

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ops: lock acquisitions made; seconds: time of the measured part. A wrong
 * checksum means the locks did not exclude: the run is worthless. */
static inline int bench_result(const char *name, long ops, double seconds, unsigned long got,
                               unsigned long want)
{
    printf("result %s ops=%ld seconds=%.6f checksum=%lu %s\n", name, ops, seconds, got,
           got == want ? "ok" : "WRONG");
    if (got != want) {
        fprintf(stderr, "%s: checksum %lu, expected %lu\n", name, got, want);
        return 1;
    }
    return 0;
}

#endif
