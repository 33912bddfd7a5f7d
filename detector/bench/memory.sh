#!/bin/sh
# The detector's memory is bounded by its tables: this runs a program that
# creates more locks and lock-order edges than the tables hold, natively and
# under `racecheck run` (default tables, then small ones), and prints the
# peak resident set size and time of each. Usage: memory.sh [BUILD] [LOCKS]
set -eu
build=${1:-$(cd "$(dirname "$0")/../.." && pwd)/build}
locks=${2:-2500000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cat >"$work/many_locks.c" <<'PROGRAM'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
/* argv[1] locks, each taken under one global lock: as many locks as edges */
int main(int argc, char **argv) {
    long n = atol(argv[1]);
    pthread_mutex_t *locks = malloc(sizeof *locks * (size_t)n);
    static pthread_mutex_t global = PTHREAD_MUTEX_INITIALIZER;
    for (long i = 0; i < n; i++) {
        pthread_mutex_init(&locks[i], NULL);
        pthread_mutex_lock(&global);
        pthread_mutex_lock(&locks[i]);
        pthread_mutex_unlock(&locks[i]);
        pthread_mutex_unlock(&global);
    }
    printf("%ld locks\n", n);
    return 0;
}
PROGRAM
gcc -O1 -g -pthread -o "$work/many_locks" "$work/many_locks.c"
measure() {
    label=$1; shift
    /usr/bin/time -f "%M %e" -o "$work/usage" "$@" >/dev/null 2>"$work/err" || true
    read -r kb seconds <"$work/usage"
    warnings=$(grep -c 'warning:' "$work/err" || true)
    printf '%-56s %8d MiB %7.2f s  %s warning(s)\n' "$label" $((kb / 1024)) "$seconds" "$warnings"
}
echo "$locks locks, each nested under one global lock ($locks edges):"
measure "native" "$work/many_locks" "$locks"
measure "racecheck run (max_locks=2000000, max_edges=4000000)" \
    "$build/bin/racecheck" run -- "$work/many_locks" "$locks"
measure "racecheck run --max-locks=100000 --max-edges=200000" \
    "$build/bin/racecheck" run --max-locks=100000 --max-edges=200000 -- "$work/many_locks" "$locks"
