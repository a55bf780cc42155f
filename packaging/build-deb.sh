#!/usr/bin/env bash
# Release step (not run in CI): builds the Debian package target/debian/sciatica-explorer_*.deb.
#
# The man pages and shell completions are written by the release binary itself (the hidden `man`
# and `completions` subcommands), into target/packaging/, where Cargo.toml's
# [package.metadata.deb] assets expect them; cargo-deb then packs the binary, the desktop entry,
# the icons, the metainfo and those files. The release build takes about 20 minutes on 2 cores.
#
# Check the result with: sudo apt install ./target/debian/sciatica-explorer_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-deb >/dev/null || cargo install cargo-deb --locked

cargo build --release --locked
bin=target/release/sciatica-explorer

out=target/packaging
rm -rf "$out"
mkdir -p "$out/completions"
"$bin" man --dir "$out/man"
"$bin" completions bash > "$out/completions/sciatica-explorer"
"$bin" completions zsh > "$out/completions/_sciatica-explorer"
"$bin" completions fish > "$out/completions/sciatica-explorer.fish"

cargo deb --no-build --locked
ls -l target/debian/*.deb
