#!/bin/sh
# make bench-harness: how long racecheck takes to a verdict, with the split
# per tool, so each change to the harness shows its effect:
#   check  on a clean, a racy and a deadlocking catalogue example (wall time,
#          and each tool's own seconds and status from the JSON report);
#   crosscheck of the whole catalogue;
#   audit  of 100 generated submissions (harness/bench/make-class), -j 2.
# Prints one table; the Makefile keeps it in a dated file beside this script.
#   BENCH_SUBMISSIONS=N  submissions of the audit (default 100)
set -eu
BUILD=${1:-$(pwd)/build}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
RACECHECK=$BUILD/bin/racecheck
N=${BENCH_SUBMISSIONS:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "racecheck $("$RACECHECK" --version | head -1 | awk '{print $NF}'), $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-46s %8s  %s\n' "what" "wall s" "per tool (status, own seconds)"
for example in fixed_examples/abba_deadlock.c buggy_examples/lost_update_counter.c \
    buggy_examples/abba_deadlock.c; do
    start=$(now)
    "$RACECHECK" check --format=json "$REPO/$example" >"$work/report.json" 2>/dev/null || true
    took=$(seconds "$start" "$(now)")
    tools=$(jq -r '[.tools[] | "\(.name) \(.status) \(.seconds // 0 | . * 100 | round / 100)"] | join(", ")' "$work/report.json")
    verdict=$(jq -r .verdict "$work/report.json")
    printf '%-46s %8.2f  %s -> %s\n' "check $example" "$took" "$tools" "$verdict"
done

start=$(now)
(cd "$REPO" && "$RACECHECK" crosscheck --format=json >"$work/crosscheck.json" 2>/dev/null) || true
took=$(seconds "$start" "$(now)")
printf '%-46s %8.2f  %s\n' "crosscheck (the catalogue)" "$took" \
    "$(jq -r '"\(.crosscheck | length) examples, \(.failed) cells not met"' "$work/crosscheck.json")"

# the class: harness/bench/make-class's mix, timed by audit-class
echo
RACECHECK=$RACECHECK sh "$HERE/audit-class" "$N" -j 2 --timeout=10 | sed -n 's/^result: /audit: /p; /^verdicts other/p'
