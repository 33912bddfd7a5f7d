#!/bin/sh
# make bench: every benchmark natively, under `racecheck run`, under the floor
# shim, under ThreadSanitizer and under Helgrind; runs interleaved (each round
# runs every benchmark under every tool once, in a rotating order) and
# repeated; prints one table of medians, then one PASS/MISS line per target.
#   BENCH_REPEAT=N   rounds (default 9; the medians need at least 5)
#   BENCH_QUICK=1    a tenth of every count, for development only
#   BENCH_TOOLS="native racecheck floor tsan helgrind trace"   a subset
# "trace" is racecheck run --trace: it runs only the benchmark named trace (a
# smaller nested-2), which runs only under racecheck and trace, so the table
# shows the trace's cost beside the same run without it.
#   BENCH_ONLY="random-pairs striped"   a subset of the benchmarks
set -eu
BUILD=${1:-$(pwd)/../build}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$BUILD/bench
REPEAT=${BENCH_REPEAT:-9}
TOOLS=${BENCH_TOOLS:-"native racecheck floor tsan helgrind trace"}
mkdir -p "$OUT"

# ---- build: gcc for native/racecheck/floor, clang for TSan ----
for src in "$HERE"/*.c; do
    name=$(basename "$src" .c)
    [ "$name" = floor_shim ] && continue
    gcc -O2 -g -Wall -Wextra -Werror -pthread -o "$OUT/$name" "$src"
    clang -O2 -g -fsanitize=thread -pthread -o "$OUT/$name.tsan" "$src"
done
gcc -O2 -g -Wall -Wextra -Werror -shared -fPIC -o "$OUT/floor_shim.so" "$HERE/floor_shim.c" -ldl

# ---- the benchmarks: id | program and arguments | Helgrind's arguments | Helgrind's share ----
# Helgrind runs 1/SHARE of the work where the full count would take minutes;
# its time is then scaled up by SHARE (marked * in the table). Striped's share
# is one snapshot per thread: Helgrind takes 25 s for each (1,024 locks held).
q=1
[ "${BENCH_QUICK:-0}" = 1 ] && q=10
cat > "$OUT/list" <<LIST
nested-2|nested 2 $((2000000 / q))|nested 2 $((20000 / q))|100
nested-4|nested 4 $((1000000 / q))|nested 4 $((10000 / q))|100
nested-8|nested 8 $((500000 / q))|nested 8 $((5000 / q))|100
uncontended|uncontended $((20000000 / q))|uncontended $((200000 / q))|100
manylocks|manylocks $((1000000 / q))|manylocks $((10000 / q))|100
condvar|condvar $((50000 / q))|condvar $((10000 / q))|5
rwlock|rwlock 2 $((2000000 / q))|rwlock 2 $((20000 / q))|100
threads|threads 1000|threads 1000|1
trace|nested 2 $((40000 / q))|nested 2 $((40000 / q))|1
random-pairs|randpairs 2 $((2000000 / q))|randpairs 2 $((20000 / q))|100
striped|striped $((1000000 / q))|striped $((2000 / q))|500
heaplist|heaplist $((20000 / q))|heaplist $((200 / q))|100
LIST

RACECHECK=$BUILD/bin/racecheck
RESULTS=$OUT/results
: > "$RESULTS"

# one run: appends "id tool wall_s measured_s ops cmd_kib share prog_kib" to RESULTS:
# cmd_kib is GNU time's peak of the whole command (under racecheck, the larger
# of the racecheck run process and the program), prog_kib the program's own
# peak from its result line
# (sh has no local variables: these r_ names are the function's own)
run_one() {
    r_id=$1 r_tool=$2 r_cmd=$3
    set -- $r_cmd
    prog=$OUT/$1
    shift
    case $r_tool in
    native) set -- "$prog" "$@" ;;
    racecheck) set -- "$RACECHECK" run -- "$prog" "$@" ;;
    trace) set -- "$RACECHECK" run --trace="$OUT/trace.json" -- "$prog" "$@" ;;
    floor) set -- env LD_PRELOAD="$OUT/floor_shim.so" "$prog" "$@" ;;
    # TSan's deadlock detector stops the process past 64 locks held at once
    # (a CHECK in sanitizer_deadlock_detector.h): the striped snapshot holds 1,024
    tsan) if [ "$r_id" = striped ]; then set -- env TSAN_OPTIONS=detect_deadlocks=0 "$prog.tsan" "$@"
          else set -- "$prog.tsan" "$@"; fi ;;
    helgrind) set -- valgrind --tool=helgrind -q "$prog" "$@" ;;
    esac
    start=$(date +%s%N)
    if ! /usr/bin/time -f %M -o "$OUT/mem" "$@" > "$OUT/stdout" 2> "$OUT/stderr"; then
        echo "bench: $r_id under $r_tool failed:" >&2
        cat "$OUT/stdout" "$OUT/stderr" >&2
        exit 1
    fi
    end=$(date +%s%N)
    grep -q '^result .* ok$' "$OUT/stdout" || { echo "bench: $r_id under $r_tool: no verified result" >&2; exit 1; }
    awk -v id="$r_id" -v tool="$r_tool" -v wall="$(( (end - start) / 1000 ))" -v mem="$(tail -1 "$OUT/mem")" \
        -v share="$HG_SHARE" '/^result/ {
            for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            if (tool != "helgrind") share = 1
            print id, tool, wall / 1e6, v["seconds"], v["ops"], mem, share, v["peak_kib"]
        }' "$OUT/stdout" >> "$RESULTS"
}

# racecheck run's own peak, with a program that adds nothing: the table's
# footnote says what of a command's peak is the harness
harness_kib=-
case " $TOOLS " in
*" racecheck "*)
    /usr/bin/time -f %M -o "$OUT/mem" "$RACECHECK" run -- /bin/true > /dev/null 2>&1 &&
        harness_kib=$(tail -1 "$OUT/mem") ;;
esac

started=$(date +%s)
round=1
while [ "$round" -le "$REPEAT" ]; do
    # rotate the tool order each round, so no tool always runs first
    order=$TOOLS
    r=1
    while [ "$r" -lt "$round" ]; do
        first=${order%% *}
        rest=${order#* }
        [ "$rest" = "$order" ] || order="$rest $first"
        r=$((r + 1))
    done
    while IFS='|' read -r id cmd hgcmd share; do
        case " ${BENCH_ONLY:-$id} " in *" $id "*) ;; *) continue ;; esac
        for tool in $order; do
            # the trace's cost: benchmark trace, with the trace off and on, only
            case $id:$tool in
            trace:racecheck | trace:trace) ;;
            trace:* | *:trace) continue ;;
            esac
            HG_SHARE=$share
            if [ "$tool" = helgrind ]; then run_one "$id" "$tool" "$hgcmd"; else run_one "$id" "$tool" "$cmd"; fi
        done
    done < "$OUT/list"
    echo "bench: round $round of $REPEAT done ($(( $(date +%s) - started )) s)" >&2
    round=$((round + 1))
done

rm -f "$OUT/trace.json"
sh "$HERE/table.sh" "$RESULTS" "$REPEAT" "$(( $(date +%s) - started ))" "$harness_kib"
