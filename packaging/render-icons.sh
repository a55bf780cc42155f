#!/usr/bin/env bash
# Renders the app icon's PNG sizes from its SVG into the hicolor tree beside it
# (packaging/icons/hicolor/NxN/apps/). Run after editing the SVG and commit the PNGs: the window,
# the desktop entry and the Debian package use them. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/icons/hicolor"
name=org.sciaticaexplorer.SciaticaExplorer
for size in 16 32 48 64 128 256 512; do
    mkdir -p "${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" "scalable/apps/$name.svg" --output "${size}x${size}/apps/$name.png"
done
