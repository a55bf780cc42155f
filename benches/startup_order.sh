#!/usr/bin/env bash
# Writes packaging/startup-order.txt: the functions of the explorer's own binary that a window's
# start runs (every thread, up to the first frame shown), which build.rs hands the linker so that
# release builds place them together. The kernel maps a program's code 64 KiB at a time around
# each page it touches; with the start's code spread over the binary that made 11.6 of its 16 MB
# of code resident at start, together 4.6 (benches/HISTORY.md, session 11).
#
# Run it again after upgrading Rust or dependencies (symbol names carry hashes of both; names it
# no longer finds cost nothing but their grouping), or when the start runs much new code:
#
#   cargo build --release --locked --bin sciatica-explorer
#   DISPLAY=:97 benches/startup_order.sh && cargo build --release --locked --bin sciatica-explorer
#
# Profile the explorer built on its own, as it ships (`cargo install`, packaging/build-deb.sh): a
# build made in one command with examples, tests or benches takes the dev-dependencies' features,
# which rename the symbols of egui, winit, eframe and the explorer (their hashes), so an ordering
# written from it would not match the shipped build, and the reverse (benches/cold_start.sh checks).
#
# Needs valgrind (Debian: apt-get install valgrind) and an X display (Xvfb). The window starts as
# on a first run, with its settings in a temporary folder, not yours.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CARGO_TARGET_DIR:-target}/release/sciatica-explorer
if [[ ! -x "$bin" ]]; then
    echo "startup_order.sh: no $bin; build first: cargo build --release --locked --bin sciatica-explorer" >&2
    exit 2
fi
command -v valgrind >/dev/null || { echo "startup_order.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
: "${DISPLAY:?startup_order.sh: needs an X display, e.g. Xvfb :97 & then DISPLAY=:97}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
XDG_DATA_HOME="$work/data" valgrind --tool=callgrind --demangle=no --separate-threads=yes \
    --callgrind-out-file="$work/callgrind" "$bin" --exit-after-first-frame >/dev/null 2>"$work/log" || {
    echo "startup_order.sh: the window did not start under valgrind:" >&2
    tail -n 20 "$work/log" >&2
    exit 1
}
# callgrind names each object file and function once per file, as "ob=(N) name", and refers to
# it as "ob=(N)" after; "cob="/"cfn=" name a callee's. Keep the functions whose object is the
# explorer's binary, as symbol names (no "(below main)" or bare addresses).
names=$(awk '
    FNR == 1 { delete ob; delete fn; current = ""; callee = "" }
    function id(field,   s) { s = field; sub(/^[a-z]+=/, "", s); return s }
    /^ob=/  { i = id($1); if (NF > 1) ob[i] = $2; current = ob[i]; callee = ""; next }
    /^cob=/ { i = id($1); if (NF > 1) ob[i] = $2; callee = ob[i]; next }
    /^fn=/  { i = id($1); if (NF > 1) fn[i] = $2; if (current ~ /\/sciatica-explorer$/) seen[fn[i]] = 1; next }
    /^cfn=/ {
        i = id($1); if (NF > 1) fn[i] = $2
        object = (callee != "") ? callee : current
        if (object ~ /\/sciatica-explorer$/) seen[fn[i]] = 1
        callee = ""; next
    }
    END { for (name in seen) if (name ~ /^[A-Za-z_][A-Za-z0-9_.$]*$/ && name !~ /^0x/) print name }
' "$work"/callgrind-* | LC_ALL=C sort)
count=$(printf '%s\n' "$names" | grep -c .)
if ((count < 500)); then
    echo "startup_order.sh: only $count functions found; is $bin the explorer's release build?" >&2
    exit 1
fi
{
    echo "# The functions of sciatica-explorer's release binary that a window's start runs, for the"
    echo "# linker's --symbol-ordering-file (build.rs): placed together, fewer pages of code are resident."
    echo "# Written by benches/startup_order.sh; $count functions. build.rs warns when a release build's"
    echo "# compiler or Cargo.lock differs from these:"
    echo "# rustc: $(rustc --version)"
    echo "# Cargo.lock cksum: $(cksum < Cargo.lock)"
    printf '%s\n' "$names"
} > packaging/startup-order.txt
echo "packaging/startup-order.txt: $count functions"
