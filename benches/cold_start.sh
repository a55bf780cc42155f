#!/usr/bin/env bash
# Cold start to first frame: the explorer against an empty eframe window, under the same X display,
# with a window that draws one label as the floor any real window pays (its first draw compiles
# the renderer's shaders). Runs the three alternately, so a noisy machine slows them alike, and
# prints each one's median and ratio to the empty window. Each exits as soon as its first frame has
# been shown.
#
#   cargo build --release --bin sciatica-explorer --example empty_window
#   DISPLAY=:99 benches/cold_start.sh [ROUNDS] [-- EXTRA EXPLORER ARGS]
#
# The explorer starts each time as on a first run (no stored settings) unless KEEP_STATE=1.
set -euo pipefail
rounds=${1:-20}
shift || true
[[ "${1:-}" == "--" ]] && shift
target=${CARGO_TARGET_DIR:-target}/release
empty=("$target/examples/empty_window")
label=("$target/examples/empty_window" --label)
explorer=("$target/sciatica-explorer" --exit-after-first-frame "$@")
state_dir=${XDG_DATA_HOME:-$HOME/.local/share}/sciaticaexplorer

run_ms() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
}

median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 1000}'; }

# Warm the page cache and Mesa's shader cache first.
for _ in 1 2 3; do "${empty[@]}" >/dev/null 2>&1; "${label[@]}" >/dev/null 2>&1; "${explorer[@]}" >/dev/null 2>&1; done
empty_times=() label_times=() explorer_times=()
for _ in $(seq "$rounds"); do
    empty_times+=("$(run_ms "${empty[@]}")")
    label_times+=("$(run_ms "${label[@]}")")
    [[ "${KEEP_STATE:-0}" == 1 ]] || rm -f "$state_dir/app.ron"
    explorer_times+=("$(run_ms "${explorer[@]}")")
done
e=$(printf '%s\n' "${empty_times[@]}" | median)
l=$(printf '%s\n' "${label_times[@]}" | median)
x=$(printf '%s\n' "${explorer_times[@]}" | median)
awk -v e="$e" -v l="$l" -v x="$x" -v n="$rounds" 'BEGIN {
    printf "empty eframe window:   median %6.1f ms over %d runs\n", e, n
    printf "one label (the floor): median %6.1f ms   %.2fx\n", l, l / e
    printf "sciatica-explorer:     median %6.1f ms   %.2fx (target <= 1.2x)\n", x, x / e
}'
