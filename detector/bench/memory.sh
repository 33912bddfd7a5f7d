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
gcc -O1 -g -pthread -o "$work/many_locks" "$(cd "$(dirname "$0")" && pwd)/global_nested.c"
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
