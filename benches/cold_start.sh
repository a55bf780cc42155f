#!/usr/bin/env bash
# Cold start to first frame, and peak memory: the explorer against an empty eframe window, under
# the same X display, with a window that draws one label as the floor any real window pays (its
# first draw compiles the renderer's shaders). Runs the three alternately, so a noisy machine slows
# them alike, and prints each one's median time and median peak resident memory (max RSS, from GNU
# time) with their ratios to the empty window. Each exits as soon as its first frame has been shown.
#
#   cargo build --release --bin sciatica-explorer --example empty_window
#   DISPLAY=:99 benches/cold_start.sh [ROUNDS] [-- EXTRA EXPLORER ARGS]
#
# Needs /usr/bin/time (Debian: apt-get install time). The explorer starts each time as on a first
# run (no stored settings) unless KEEP_STATE=1.
set -euo pipefail
rounds=${1:-20}
shift || true
[[ "${1:-}" == "--" ]] && shift
target=${CARGO_TARGET_DIR:-target}/release
empty=("$target/examples/empty_window")
label=("$target/examples/empty_window" --label)
explorer=("$target/sciatica-explorer" --exit-after-first-frame "$@")
state_dir=${XDG_DATA_HOME:-$HOME/.local/share}/sciaticaexplorer
for bin in "${empty[0]}" "${explorer[0]}"; do
    if [[ ! -x "$bin" ]]; then
        echo "cold_start.sh: no $bin; build first: cargo build --release --bin sciatica-explorer --example empty_window" >&2
        exit 2
    fi
done
gnu_time=/usr/bin/time
if ! "$gnu_time" -f %M true >/dev/null 2>&1; then
    echo "cold_start.sh: needs GNU time at $gnu_time for peak memory (Debian: apt-get install time)" >&2
    exit 2
fi
rss_file=$(mktemp)
trap 'rm -f "$rss_file"' EXIT

# Prints "MICROSECONDS KIB": the wall time of one run and its peak resident memory.
run() {
    local start end
    start=$(date +%s%N)
    if ! "$gnu_time" -f %M -o "$rss_file" "$@" >/dev/null 2>&1; then
        echo "cold_start.sh: this run failed, so no figures: $*" >&2
        exit 1
    fi
    end=$(date +%s%N)
    echo "$(((end - start) / 1000)) $(tail -n 1 "$rss_file")"
}

# The median of the numbers on stdin, divided by $1 (µs -> ms, KiB -> MiB).
median() { sort -n | awk -v d="$1" '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / d}'; }

# Warm the page cache and Mesa's shader cache first.
for _ in 1 2 3; do "${empty[@]}" >/dev/null 2>&1; "${label[@]}" >/dev/null 2>&1; "${explorer[@]}" >/dev/null 2>&1; done
empty_runs=() label_runs=() explorer_runs=()
for _ in $(seq "$rounds"); do
    empty_runs+=("$(run "${empty[@]}")")
    label_runs+=("$(run "${label[@]}")")
    [[ "${KEEP_STATE:-0}" == 1 ]] || rm -f "$state_dir/app.ron"
    explorer_runs+=("$(run "${explorer[@]}")")
done
# Median time (ms) and median peak memory (MiB) of each.
times() { printf '%s\n' "$@" | cut -d' ' -f1 | median 1000; }
peaks() { printf '%s\n' "$@" | cut -d' ' -f2 | median 1024; }
e=$(times "${empty_runs[@]}") em=$(peaks "${empty_runs[@]}")
l=$(times "${label_runs[@]}") lm=$(peaks "${label_runs[@]}")
x=$(times "${explorer_runs[@]}") xm=$(peaks "${explorer_runs[@]}")
awk -v e="$e" -v l="$l" -v x="$x" -v em="$em" -v lm="$lm" -v xm="$xm" -v n="$rounds" 'BEGIN {
    printf "medians over %d runs        first frame            peak memory (max RSS)\n", n
    printf "empty eframe window:   %7.1f ms              %6.1f MiB\n", e, em
    printf "one label (the floor): %7.1f ms   %.2fx      %6.1f MiB   %.2fx\n", l, l / e, lm, lm / em
    printf "sciatica-explorer:     %7.1f ms   %.2fx      %6.1f MiB   %.2fx\n", x, x / e, xm, xm / em
    printf "budget (issue 14):                <= 1.35x                 <= 1.25x\n"
}'
