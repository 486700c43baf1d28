#!/bin/sh
# QR decode benchmark: omamori-scan and zxing-cpp on the same generated
# corpus (in-process decode time, median of REPEAT runs per image), then
# screen capture + decode of a 4K screen under Xvfb.
#
#   scripts/bench-scan.sh [REPEAT]
#
# Needs: python3 with `pip install zxing-cpp`; for the screen part xvfb-run
# and feh (apt: xvfb feh) and a build with the default `screen` feature.
set -eu
cd "$(dirname "$0")/.."
REPEAT=${1:-5}
DIR=target/bench-scan
cargo build --release -q -p omamori-scan --example bench_corpus
cargo build --release -q -p omamori-cli
./target/release/examples/bench_corpus "$DIR" "$REPEAT"
python3 scripts/bench-scan.py "$DIR" "$REPEAT"

if command -v xvfb-run >/dev/null && command -v feh >/dev/null; then
    echo
    echo "screen capture + decode, 3840x2160 Xvfb, feh showing a corpus screenshot:"
    cargo run --release -q -p omamori-scan --example write_corpus -- "$DIR/png" light >/dev/null
    IMG="$DIR/png/light-3840x2160-0.png"
    xvfb-run -a -s "-screen 0 3840x2160x24" sh -c '
        feh --fullscreen --auto-zoom "$1" & FEH=$!
        sleep 2
        for i in 1 2 3 4 5; do
            start=$(date +%s%N)
            out=$(./target/release/omamori scan --screen --timing 2>&1 >/dev/null | tr "\n" " ")
            end=$(date +%s%N)
            echo "  run $i: $out process_ms=$(( (end - start) / 1000000 ))"
        done
        ./target/release/omamori scan --screen | head -c 60; echo
        kill $FEH
    ' sh "$IMG"
fi
