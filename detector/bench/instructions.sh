#!/bin/sh
# make bench-instructions: instructions executed natively and with the
# detector preloaded, counted by Callgrind in each benchmark's measured
# function only (start-up and exit excluded). Counts do not depend on machine
# load, so two runs on a busy machine agree; Callgrind runs the threads one at
# a time, so every lock is uncontended and this measures the detector's
# uncontended paths. Prints a table and one PASS/MISS line per target.
#   BENCH_INSTRUCTIONS_ONLY="random-pairs striped"   a subset
set -eu
BUILD=${1:-$(pwd)/../build}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$BUILD/bench/instructions
LIB=$BUILD/lib/liblockgraph.so
mkdir -p "$OUT"
command -v valgrind >/dev/null || { echo "SKIP instruction counts: valgrind is not installed"; exit 0; }

# id | program and arguments | the function whose instructions count
cat > "$OUT/list" <<LIST
nested-2|nested 2 100000|work
random-pairs|randpairs 2 300000|work
striped|striped 1000000|work
heaplist|heaplist 1000|work
uncontended|uncontended 1000000|main
manylocks|manylocks 100000|main
LIST

for name in $(cut -d'|' -f2 "$OUT/list" | cut -d' ' -f1 | sort -u); do
    gcc -O2 -g -Wall -Wextra -Werror -pthread -o "$OUT/$name" "$HERE/$name.c"
done

# count ID TOOL FUNCTION PROGRAM ARGS...: prints "instructions ops"
count() {
    c_id=$1 c_tool=$2 c_fn=$3
    shift 3
    c_env=
    [ "$c_tool" = racecheck ] &&
        c_env="LD_PRELOAD=$LIB LOCKGRAPH_OPTIONS=format=json:log_path=$OUT/report.json"
    if ! env $c_env valgrind --tool=callgrind --callgrind-out-file="$OUT/$c_id.$c_tool.out" \
        --toggle-collect="$c_fn" "$@" >"$OUT/stdout" 2>"$OUT/stderr"; then
        echo "bench-instructions: $c_id under $c_tool failed:" >&2
        cat "$OUT/stdout" "$OUT/stderr" >&2
        exit 1
    fi
    grep -q '^result .* ok$' "$OUT/stdout" ||
        { echo "bench-instructions: $c_id under $c_tool: no verified result" >&2; exit 1; }
    ir=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$OUT/stderr")
    ops=$(sed -n 's/^result .* ops=\([0-9]*\) .*/\1/p' "$OUT/stdout")
    echo "$ir $ops"
}

: > "$OUT/results"
while IFS='|' read -r id cmd fn; do
    case " ${BENCH_INSTRUCTIONS_ONLY:-$id} " in *" $id "*) ;; *) continue ;; esac
    set -- $cmd
    prog=$OUT/$1
    shift
    native=$(count "$id" native "$fn" "$prog" "$@")
    racecheck=$(count "$id" racecheck "$fn" "$prog" "$@")
    echo "$id $native $racecheck" >> "$OUT/results"
done < "$OUT/list"

awk '
{ id[NR] = $1; nat[NR] = $2; ops[NR] = $3; rc[NR] = $4 }
END {
    printf "%-12s %14s %14s %9s %9s %8s\n", "benchmark", "native Ir", "racecheck Ir", "x instr", "Ir/op", "+Ir/op"
    for (i = 1; i <= NR; i++) {
        printf "%-12s %14.0f %14.0f %9.2f %9.1f %8.1f\n", id[i], nat[i], rc[i], rc[i] / nat[i],
            rc[i] / ops[i], (rc[i] - nat[i]) / ops[i]
        x[id[i]] = rc[i] / nat[i]
    }
    printf "\nIr: instructions in the measured function and what it calls (Callgrind);\n"
    printf "Ir/op: racecheck per lock acquisition (with its release); +Ir/op: the detector'"'"'s share.\n\n"
    if ("random-pairs" in x)
        printf "%s random-pairs under racecheck <= 2x native instructions: %.2fx\n",
            x["random-pairs"] <= 2 ? "PASS" : "MISS", x["random-pairs"]
    if ("nested-2" in x)
        printf "%s nested-2 under racecheck <= 2x native instructions: %.2fx\n",
            x["nested-2"] <= 2 ? "PASS" : "MISS", x["nested-2"]
}' "$OUT/results"
