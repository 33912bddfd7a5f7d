# The shared setup of every harness test driver (tests/*.test), sourced
# first:  . "$(dirname "$0")/lib/setup.sh"
# It gives: $here (the tests folder), $repo, $BUILD, $racecheck, $work (a
# temporary directory removed on exit), and TAP helpers that number the
# tests themselves. A failing check keeps what it saw: the actual output and
# its diff against the expected one go to $BUILD/tests/failed/DRIVER/, and
# the first lines of the diff are printed as TAP comments.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
racecheck=$BUILD/bin/racecheck
driver=$(basename "$0" .test)
failed_dir=$BUILD/tests/failed/harness-$driver
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
rm -rf "$failed_dir"
tap_n=0

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
# not_ok DESCRIPTION [FILE...]: a failure, with the first lines of each FILE
# (a driver may redefine not_ok to name its own files; tap_not_ok stays)
not_ok() { tap_not_ok "$@"; }
tap_not_ok() {
    tap_n=$((tap_n + 1))
    echo "not ok $tap_n - $1"
    shift
    for f in "$@"; do
        [ -s "$f" ] && sed "s|^|# $(basename "$f"): |" "$f" | head -20
    done
    return 0
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - # SKIP $1"; }
# done_testing: the plan, after the tests (TAP allows it at the end)
done_testing() { echo "1..$tap_n"; }

# keep NAME FILE...: copies FILEs to $failed_dir/NAME.* for a look after the run
keep() {
    name=$1
    shift
    mkdir -p "$failed_dir"
    for f in "$@"; do [ -e "$f" ] && cp "$f" "$failed_dir/$name.$(basename "$f")"; done
    echo "# kept in $failed_dir/$name.*"
}

# same DESCRIPTION EXPECTED ACTUAL: ok when the two files are equal; else the
# actual output and the diff are kept and the diff's start printed
same() {
    what=$1 expected=$2 actual=$3
    if diff -u "$expected" "$actual" >"$work/same.diff" 2>&1; then
        ok "$what"
    else
        not_ok "$what: the output differs from $(basename "$expected")" "$work/same.diff"
        safe=$(echo "$what" | tr -c 'A-Za-z0-9_-' '_' | cut -c1-60)
        cp "$actual" "$work/actual" && cp "$work/same.diff" "$work/diff"
        keep "$safe" "$work/actual" "$work/diff"
    fi
}

# run_rc CMD...: runs CMD with stdout in $work/out, stderr in $work/err, its exit status in $rc
run_rc() {
    "$@" >"$work/out" 2>"$work/err"
    rc=$?
}

# expect_rc DESCRIPTION STATUS [GREP...]: the last run_rc exited STATUS and
# its output (stdout and stderr) has every GREP pattern (fixed strings)
expect_rc() {
    what=$1 want=$2
    shift 2
    if [ "$rc" != "$want" ]; then
        not_ok "$what: exit $rc, want $want" "$work/out" "$work/err"
        return
    fi
    for pattern in "$@"; do
        if ! cat "$work/out" "$work/err" | grep -qF -- "$pattern"; then
            not_ok "$what: no '$pattern' in the output" "$work/out" "$work/err"
            return
        fi
    done
    ok "$what"
}
