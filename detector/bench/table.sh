#!/bin/sh
# The bench table from run.sh's results: medians per benchmark and tool,
# ratios to native, then one line per target.
# Usage: table.sh RESULTS ROUNDS SECONDS [HARNESS_KIB]
# (HARNESS_KIB: the peak of `racecheck run -- /bin/true`, for the footnote)
set -eu
awk -v rounds="$2" -v took="$3" -v harness="${4:--}" '
function median(key, field,    n, i, j, a, t) {
    n = count[key]
    for (i = 1; i <= n; i++) a[i] = val[key, i, field]
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    key = $1 SUBSEP $2
    if (!(key in count)) {
        count[key] = 0
        if (!($1 in seen)) { seen[$1] = 1; ids[++nids] = $1 }
        if (!($2 in tseen)) { tseen[$2] = 1; tools[++ntools] = $2 }
    }
    n = ++count[key]
    val[key, n, "wall"] = $3; val[key, n, "work"] = $4 * $7; val[key, n, "ns"] = $4 / $5 * 1e9
    val[key, n, "cmd"] = $6 / 1024; share[key] = $7; val[key, n, "own"] = $8 / 1024
}
END {
    for (i = 1; i <= nids; i++) for (k = 1; k <= ntools; k++) {
        key = ids[i] SUBSEP tools[k]
        if (!(key in count)) continue
        wall[key] = median(key, "wall"); work[key] = median(key, "work")
        ns[key] = median(key, "ns"); cmd[key] = median(key, "cmd"); own[key] = median(key, "own")
    }
    printf "%-12s %-10s %9s %9s %9s %9s %9s %9s %8s\n", "benchmark", "tool", "run s", "work s", "ns/op", "prog MiB", "cmd MiB", "x time", "x mem"
    for (i = 1; i <= nids; i++) {
        nat = ids[i] SUBSEP "native"
        for (k = 1; k <= ntools; k++) {
            key = ids[i] SUBSEP tools[k]
            if (!(key in count)) continue
            mark = share[key] > 1 ? "*" : " "
            xt = (nat in work) && work[nat] > 0 ? sprintf("%.2f", work[key] / work[nat]) : "-"
            xm = (nat in own) && own[nat] > 0 ? sprintf("%.2f", own[key] / own[nat]) : "-"
            printf "%-12s %-10s %9.3f %8.3f%s %9.1f %9.1f %9.1f %9s %8s\n", ids[i], tools[k], wall[key], work[key], mark, ns[key], own[key], cmd[key], xt, xm
        }
    }
    printf "\nwork s: the timed part of the run (run s: the whole process, tool start-up included);\n"
    printf "ns/op: work time per lock acquisition (with its release); medians of %d interleaved rounds, %d s in all.\n", rounds, took
    printf "prog MiB: the program'"'"'s own peak resident memory (its VmHWM, the tool inside it included);\n"
    printf "cmd MiB: the whole command'"'"'s (GNU time); under racecheck the larger of the program and the\n"
    printf "racecheck run process with its libraries (racecheck run -- /bin/true: %s); x mem: prog MiB to native'"'"'s.\n",
        harness == "-" ? "not measured" : sprintf("%.1f MiB", harness / 1024)
    for (key in share) if (share[key] > 1) { split(key, p, SUBSEP); notes = notes sprintf(" %s 1/%d;", p[1], share[key]) }
    if (notes != "") printf "* Helgrind ran a smaller count and its work time is scaled up (ns/op and memory are its own):%s\n", notes
    printf "\n"
    target("nested-2 under racecheck <= 1.5x native time", "nested-2", "work", "racecheck", "native", 1.5)
    target("uncontended under racecheck <= 2x the floor shim per op", "uncontended", "ns", "racecheck", "floor", 2)
    target("manylocks under racecheck <= 4x native time", "manylocks", "work", "racecheck", "native", 4)
    target("manylocks under racecheck <= 4x native own peak memory", "manylocks", "own", "racecheck", "native", 4)
    target("threads under racecheck <= 2x native time", "threads", "work", "racecheck", "native", 2)
    target("condvar under racecheck <= 2x native time", "condvar", "work", "racecheck", "native", 2)
    target("random-pairs under racecheck <= 1.5x native time", "random-pairs", "work", "racecheck", "native", 1.5)
    target("striped under racecheck <= 3x native time", "striped", "work", "racecheck", "native", 3)
    target("striped under racecheck <= 3x native own peak memory", "striped", "own", "racecheck", "native", 3)
    trace_cost()
}
# The trace (racecheck run --trace) on benchmark trace: each acquisition
# makes two events, its acquisition and its release.
function trace_cost(    off, on) {
    off = "trace" SUBSEP "racecheck"; on = "trace" SUBSEP "trace"
    if (!(off in count) || !(on in count)) { printf "SKIP the trace cost (not measured)\n"; return }
    printf "TRACE nested-2 under racecheck run --trace: %.1f ns/op off, %.1f on (%.2fx): %.1f ns per event recorded\n",
        ns[off], ns[on], ns[on] / ns[off], (ns[on] - ns[off]) / 2
}
function target(what, id, field, tool, base, limit,    a, b, r) {
    a = id SUBSEP tool; b = id SUBSEP base
    if (!(a in count) || !(b in count)) { printf "SKIP %s (not measured)\n", what; return }
    if (field == "work") r = work[a] / work[b]
    else if (field == "ns") r = ns[a] / ns[b]
    else r = own[a] / own[b]
    printf "%s %s: %.2fx\n", r <= limit ? "PASS" : "MISS", what, r
}' "$1"
