#include "audit/audit_memory.h"

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_NS 100000000L    /* ten times a second */

struct memory_guard {
    pthread_t thread;
    long long limit_bytes;
    long long peak_bytes;
    atomic_int stop;
    int fired;
};

/* The resident memory of every process here but this one (PID 1). */
static long long resident_bytes(void)
{
    DIR *d = opendir("/proc");
    if (!d)
        return 0;
    long page = sysconf(_SC_PAGESIZE);
    long long total = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 1)
            continue;
        char path[64];
        snprintf(path, sizeof path, "/proc/%ld/statm", pid);
        FILE *f = fopen(path, "r");
        long size = 0, resident = 0;
        if (f) {
            if (fscanf(f, "%ld %ld", &size, &resident) == 2)
                total += (long long)resident * page;
            fclose(f);
        }
    }
    closedir(d);
    return total;
}

static void *watch(void *arg)
{
    struct memory_guard *g = arg;
    while (!atomic_load(&g->stop)) {
        long long used = resident_bytes();
        if (used > g->peak_bytes)
            g->peak_bytes = used;
        if (used > g->limit_bytes) {
            g->fired = 1;
            kill(-1, SIGKILL);      /* from PID 1: every process of the namespace but this */
        }
        struct timespec ts = {0, PERIOD_NS};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

struct memory_guard *memory_guard_start(long limit_mb)
{
    if (getpid() != 1 || limit_mb <= 0)
        return NULL;
    struct memory_guard *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->limit_bytes = (long long)limit_mb << 20;
    if (pthread_create(&g->thread, NULL, watch, g) != 0) {
        free(g);
        return NULL;
    }
    return g;
}

long memory_guard_stop(struct memory_guard *g, int *fired)
{
    *fired = 0;
    if (!g)
        return 0;
    atomic_store(&g->stop, 1);
    pthread_join(g->thread, NULL);
    *fired = g->fired;
    long peak = (long)(g->peak_bytes >> 20);
    free(g);
    return peak;
}
