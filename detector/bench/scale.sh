#!/bin/sh
# How the detector's time and memory grow: with distinct locks (manylocks),
# distinct edges among few locks (pairs), and threads (nested at a fixed total
# of work), natively and under `racecheck run`; then what happens past the
# detector's table limits. Medians of BENCH_REPEAT (3) runs.
set -eu
BUILD=${1:-$(pwd)/../build}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$BUILD/bench
REPEAT=${BENCH_REPEAT:-3}
RACECHECK=$BUILD/bin/racecheck
mkdir -p "$OUT"
for name in manylocks pairs nested; do
    gcc -O2 -g -Wall -Wextra -Werror -pthread -o "$OUT/$name" "$HERE/$name.c"
done

# prints "work_seconds peak_kib" medians of REPEAT runs of the command
measure() {
    : > "$OUT/scale.runs"
    i=0
    while [ "$i" -lt "$REPEAT" ]; do
        /usr/bin/time -f %M -o "$OUT/mem" "$@" > "$OUT/stdout" 2> "$OUT/stderr" ||
            { echo "scale: $* failed" >&2; cat "$OUT/stderr" >&2; exit 1; }
        sec=$(sed -n 's/^result .*seconds=\([0-9.]*\) .* ok$/\1/p' "$OUT/stdout")
        [ -n "$sec" ] || { echo "scale: $*: no verified result" >&2; exit 1; }
        echo "$sec $(tail -1 "$OUT/mem")" >> "$OUT/scale.runs"
        i=$((i + 1))
    done
    sec=$(sort -n "$OUT/scale.runs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    mem=$(sort -n -k2 "$OUT/scale.runs" | awk '{ v[NR] = $2 } END { print v[int((NR + 1) / 2)] }')
    echo "$sec $mem"
}

row() {   # label count program args...
    label=$1 count=$2 prog=$3
    shift 3
    set -- "$OUT/$prog" "$@"
    nat=$(measure "$@")
    det=$(measure "$RACECHECK" run -- "$@")
    echo "$label $count $nat $det" | awk '{
        printf "%-10s %9d %10.4f %10.4f %7.2f %10.1f %10.1f %7.2f %9.0f\n", $1, $2, $3, $5, $5 / $3,
               $4 / 1024, $6 / 1024, $6 / $4, ($6 - $4) * 1024 / $2 }'
}

printf "%-10s %9s %10s %10s %7s %10s %10s %7s %9s\n" "what" "count" "native s" "detector s" "x time" \
    "native MiB" "det. MiB" "x mem" "B/unit"
for n in 1000 10000 100000 1000000; do
    row locks "$n" manylocks "$n"
done
# k locks make k(k-1)/2 edges: 45 -> 990, 142 -> 10011, 448 -> 100128, 1415 -> 1000405
for k in 45 142 448 1415; do
    row edges $((k * (k - 1) / 2)) pairs "$k"
done
for t in 2 8 64; do
    row threads "$t" nested "$t" $((4000000 / t))
done
echo "(B/unit: extra peak memory under the detector per lock, per edge, per thread)"

echo
echo "past the table limits (2,000,000 locks and 4,000,000 edges by default; here set lower):"
for limits in "--max-locks=100000" "--max-edges=100000"; do
    start=$(date +%s%N)
    "$RACECHECK" run "$limits" -- "$OUT/manylocks" 1000000 > "$OUT/stdout" 2> "$OUT/stderr" ||
        { echo "scale: manylocks with $limits failed" >&2; cat "$OUT/stderr" >&2; exit 1; }
    end=$(date +%s%N)
    grep -q ' ok$' "$OUT/stdout" || { echo "scale: manylocks with $limits: wrong result" >&2; exit 1; }
    echo "  manylocks 1000000 $limits: $(( (end - start) / 1000000 )) ms, $(grep -c 'warning' "$OUT/stderr") warning line(s):"
    sed 's/^/    /' "$OUT/stderr"
done
