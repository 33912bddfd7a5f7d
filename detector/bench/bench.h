/* Shared by the benchmark programs: a count from the command line, a clock,
 * the program's own peak memory, and the one result line the harness (run.sh)
 * reads. */
#ifndef BENCH_H
#define BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

/* This process's peak resident KiB so far, a preloaded tool's included, a
 * launcher's (racecheck run, GNU time) not: VmHWM belongs to the address
 * space the exec made. getrusage's ru_maxrss is only the fallback, because
 * exec carries the forking process's peak over into it. */
static inline long bench_peak_kib(void)
{
    long kib = -1;
    char line[128];
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        while (kib < 0 && fgets(line, sizeof line, f))
            if (!strncmp(line, "VmHWM:", 6))
                kib = atol(line + 6);
        fclose(f);
    }
    if (kib < 0) {
        struct rusage u;
        kib = getrusage(RUSAGE_SELF, &u) == 0 ? u.ru_maxrss : 0;
    }
    return kib;
}

/* ops: lock acquisitions made; seconds: time of the measured part; peak_kib:
 * the program's own peak memory. A wrong checksum means the locks did not
 * exclude: the run is worthless. */
static inline int bench_result(const char *name, long ops, double seconds, unsigned long got,
                               unsigned long want)
{
    printf("result %s ops=%ld seconds=%.6f peak_kib=%ld checksum=%lu %s\n", name, ops, seconds,
           bench_peak_kib(), got, got == want ? "ok" : "WRONG");
    if (got != want) {
        fprintf(stderr, "%s: checksum %lu, expected %lu\n", name, got, want);
        return 1;
    }
    return 0;
}

#endif
