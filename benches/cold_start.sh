#!/usr/bin/env bash
# Cold start to first frame, and peak memory: the explorer against an empty eframe window, under
# the same X display, with a window that draws one label as the floor any real window pays (its
# first draw compiles the renderer's shaders). Runs the three alternately, so a noisy machine slows
# them alike, and prints each one's median time and median peak resident memory (max RSS, from GNU
# time) with their ratios to the empty window, and the explorer's lead over the empty window in
# milliseconds (the median of the rounds' differences), which swings less with the machine's speed.
#
# The time is from starting the process to its first frame having been shown: each prints the
# moment its next frame starts (`first-frame-shown-unix-us N`). The time to the process's exit is
# printed too, for reference only: the empty windows exit on the spot there, while the explorer
# lets eframe close the window and free everything, which is not start-up.
#
#   cargo build --release --locked --bin sciatica-explorer      # on its own, as it ships
#   cargo build --release --locked --example empty_window
#   DISPLAY=:99 benches/cold_start.sh [ROUNDS] [-- EXTRA EXPLORER ARGS]
#
# Build the explorer on its own, as `cargo install` and packaging/build-deb.sh do: built in one
# command with the example, it takes the dev-dependencies' features (criterion turns on a zerocopy
# feature that ahash, and so egui, winit and eframe, build on), every symbol name's hash changes,
# and the start-up ordering (build.rs, packaging/startup-order.txt) finds few of its names: about
# 3.6 MiB more of the binary resident, a build that does not ship. The script refuses such a build
# (ALLOW_UNORDERED=1 measures it all the same, e.g. one linked by another linker on purpose).
#
# ROUNDS defaults to 150 (about two minutes on the project's machine): medians of 20 rounds moved
# by a few hundredths of the ratio between runs minutes apart, more than the changes measured.
#
# BEFORE=path/to/an/earlier/sciatica-explorer adds an earlier build of the explorer to the
# alternation (same arguments), so that two builds are compared in one run, under the same load.
# Each then runs straight after the other in half the rounds, which makes both come out faster
# than alone: such a run compares builds; only a run without BEFORE judges the budgets.
#
# MESA_SHADER_CACHE_DISABLE=true in the environment times a first start after installing (or after
# a Mesa upgrade): every window compiles its shaders instead of finding them in Mesa's cache.
#
# Needs /usr/bin/time (Debian: apt-get install time). The explorer starts each time as on a first
# run (no stored settings) unless KEEP_STATE=1.
set -euo pipefail
rounds=${1:-150}
shift || true
[[ "${1:-}" == "--" ]] && shift
target=${CARGO_TARGET_DIR:-target}/release
empty=("$target/examples/empty_window")
label=("$target/examples/empty_window" --label)
explorer=("$target/sciatica-explorer" --exit-after-first-frame "$@")
before=()
if [[ -n "${BEFORE:-}" ]]; then
    before=("$BEFORE" --exit-after-first-frame "$@")
fi
state_dir=${XDG_DATA_HOME:-$HOME/.local/share}/sciaticaexplorer
for bin in "${empty[0]}" "${explorer[0]}"; do
    if [[ ! -x "$bin" ]]; then
        echo "cold_start.sh: no $bin; build first: cargo build --release --locked --bin sciatica-explorer, then cargo build --release --locked --example empty_window" >&2
        exit 2
    fi
done
order_file=$(dirname "$0")/../packaging/startup-order.txt
if [[ "${ALLOW_UNORDERED:-0}" != 1 && -f "$order_file" && "$(uname -sm)" == "Linux x86_64" ]]; then
    if command -v nm >/dev/null; then
        # Names of the ordering that the measured binary defines: nearly all in a build as shipped.
        wanted=$(grep -vc '^#' "$order_file")
        found=$(LC_ALL=C comm -12 <(grep -v '^#' "$order_file" | LC_ALL=C sort -u) \
            <(nm --defined-only "${explorer[0]}" | awk '{print $3}' | LC_ALL=C sort -u) | wc -l)
        if ((found * 10 < wanted * 9)); then
            echo "cold_start.sh: ${explorer[0]} defines only $found of the $wanted functions packaging/startup-order.txt places, so its start's code is spread out: not the build that ships. Build it on its own (cargo build --release --locked --bin sciatica-explorer; built together with the example, the dev-dependencies' features rename its symbols), or write the ordering again (benches/startup_order.sh); ALLOW_UNORDERED=1 measures it anyway" >&2
            exit 2
        fi
    else
        echo "cold_start.sh: no nm (binutils), so whether the explorer's start-up ordering took is not checked" >&2
    fi
fi
gnu_time=/usr/bin/time
if ! "$gnu_time" -f %M true >/dev/null 2>&1; then
    echo "cold_start.sh: needs GNU time at $gnu_time for peak memory (Debian: apt-get install time)" >&2
    exit 2
fi
rss_file=$(mktemp)
out_file=$(mktemp)
trap 'rm -f "$rss_file" "$out_file"' EXIT

# Microseconds since the Unix epoch, from bash's own clock (no process started to read it).
now_us() { local t=$EPOCHREALTIME; echo "${t/[.,]/}"; }

# Prints "FIRST_US EXIT_US KIB": the time to the first frame shown, the time to the process's
# exit, and its peak resident memory.
run() {
    local start end shown
    start=$(now_us)
    if ! "$gnu_time" -f %M -o "$rss_file" "$@" >"$out_file" 2>/dev/null; then
        echo "cold_start.sh: this run failed, so no figures: $*" >&2
        exit 1
    fi
    end=$(now_us)
    shown=$(sed -n 's/^first-frame-shown-unix-us \([0-9]*\)$/\1/p' "$out_file")
    if [[ -z "$shown" ]]; then
        echo "cold_start.sh: no first-frame-shown line from: $*" >&2
        exit 1
    fi
    echo "$((shown - start)) $((end - start)) $(tail -n 1 "$rss_file")"
}

# The median of the numbers on stdin, divided by $1 (µs -> ms, KiB -> MiB).
median() { sort -n | awk -v d="$1" '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / d}'; }

# Warm the page cache and Mesa's shader cache first.
for _ in 1 2 3; do
    "${empty[@]}" >/dev/null 2>&1; "${label[@]}" >/dev/null 2>&1; "${explorer[@]}" >/dev/null 2>&1
    if ((${#before[@]})); then "${before[@]}" >/dev/null 2>&1; fi
done
empty_runs=() label_runs=() explorer_runs=() before_runs=()
# `run` for a build of the explorer, as on a first run (no stored settings) unless KEEP_STATE=1.
run_fresh() {
    [[ "${KEEP_STATE:-0}" == 1 ]] || rm -f "$state_dir/app.ron"
    run "$@"
}
run_explorer() { explorer_runs+=("$(run_fresh "${explorer[@]}")"); }
run_before() { before_runs+=("$(run_fresh "${before[@]}")"); }
for round in $(seq "$rounds"); do
    empty_runs+=("$(run "${empty[@]}")")
    label_runs+=("$(run "${label[@]}")")
    if ((${#before[@]} == 0)); then
        run_explorer
    # Whichever of two builds runs second starts about 9 ms sooner on this machine (two copies of
    # one binary differ by that much), so they take turns going first.
    elif ((round % 2)); then
        run_explorer
        run_before
    else
        run_before
        run_explorer
    fi
done
# Median time to first frame (ms), to exit (ms) and median peak memory (MiB) of each.
times() { printf '%s\n' "$@" | cut -d' ' -f1 | median 1000; }
exits() { printf '%s\n' "$@" | cut -d' ' -f2 | median 1000; }
peaks() { printf '%s\n' "$@" | cut -d' ' -f3 | median 1024; }
e=$(times "${empty_runs[@]}") ex=$(exits "${empty_runs[@]}") em=$(peaks "${empty_runs[@]}")
l=$(times "${label_runs[@]}") lx=$(exits "${label_runs[@]}") lm=$(peaks "${label_runs[@]}")
x=$(times "${explorer_runs[@]}") xx=$(exits "${explorer_runs[@]}") xm=$(peaks "${explorer_runs[@]}")
# The explorer's lead over the empty window, round by round (the two run one after the other, so a
# drift in the machine's speed over the run moves both): the ratio shrinks in slow spells and
# grows in fast ones, while the lead in milliseconds stays much the same.
lead=$(for i in "${!empty_runs[@]}"; do
    echo $(( ${explorer_runs[$i]%% *} - ${empty_runs[$i]%% *} ))
done | median 1000)
awk -v e="$e" -v l="$l" -v x="$x" -v ex="$ex" -v lx="$lx" -v xx="$xx" -v em="$em" -v lm="$lm" -v xm="$xm" -v n="$rounds" -v lead="$lead" 'BEGIN {
    printf "medians over %d runs        first frame shown      peak memory (max RSS)      (exit)\n", n
    printf "empty eframe window:   %7.1f ms              %6.1f MiB               %6.1f ms\n", e, em, ex
    printf "one label (the floor): %7.1f ms   %.2fx      %6.1f MiB   %.2fx       %6.1f ms\n", l, l / e, lm, lm / em, lx
    printf "sciatica-explorer:     %7.1f ms   %.2fx      %6.1f MiB   %.2fx       %6.1f ms\n", x, x / e, xm, xm / em, xx
    printf "budget (issue 14):                <= 1.35x                 <= 1.25x\n"
    printf "lead of the explorer over the empty window, median of the rounds: %+.1f ms\n", lead
    printf "the explorer against the one-label window (the least a real window draws): %.2fx time, %.2fx memory\n", x / l, xm / lm
}'
if ((${#before_runs[@]})); then
    b=$(times "${before_runs[@]}") bx=$(exits "${before_runs[@]}") bm=$(peaks "${before_runs[@]}")
    awk -v e="$e" -v b="$b" -v bx="$bx" -v em="$em" -v bm="$bm" 'BEGIN {
        printf "earlier build (BEFORE): %6.1f ms   %.2fx      %6.1f MiB   %.2fx       %6.1f ms\n", b, b / e, bm, bm / em, bx
    }'
fi
