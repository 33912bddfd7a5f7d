#!/bin/sh
# make pictures: the README's pictures, drawn from the catalogue by racecheck
# itself (never by hand): the lock graph of the dining philosophers and the
# timeline of the ABBA deadlock. The timeline is an SVG; Debian's headless
# chromium (a test dependency) turns it into a PNG of the same size.
set -eu
BUILD=${1:-$(pwd)/build}
racecheck=$BUILD/bin/racecheck
examples=$BUILD/examples/buggy_examples
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# racecheck run exits 66 when it reports something: these programs are buggy
"$racecheck" run --graph="$here/dining_philosophers-graph.png" -- "$examples/dining_philosophers" \
    >/dev/null 2>&1 || [ $? = 66 ]
"$racecheck" run --trace="$work/abba_deadlock-trace.svg" -- "$examples/abba_deadlock" >/dev/null 2>&1 || [ $? = 66 ]

browser=$(command -v chromium || command -v chromium-browser) || {
    echo "make pictures: chromium is needed for the timeline (ci/install-deps test)" >&2
    exit 3
}
size=$(sed -n 's/^<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$work/abba_deadlock-trace.svg" | head -1)
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="${size:-1240,400}" \
    --screenshot="$here/abba_deadlock-trace.png" "file://$work/abba_deadlock-trace.svg" >/dev/null 2>&1
for f in dining_philosophers-graph.png abba_deadlock-trace.png; do
    [ -s "$here/$f" ] || { echo "make pictures: $f was not drawn" >&2; exit 3; }
    echo "docs/pictures/$f"
done
