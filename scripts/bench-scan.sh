#!/bin/sh
# QR decode benchmark, all in one run on the same generated corpus
# (crates/scan/tests/support/corpus.rs, 84 images at 1920x1080 and 3840x2160):
#   - our front end + rqrr, the engine, from the decoded RGB image and from gray;
#   - our front end + rxing (feature `rxing`, measurement only);
#   - rxing alone on the whole image (its zxing-cpp port, inverted retry);
#   - zxing-cpp (Python wheel) on the same gray pixels.
# In-process decode time, median of REPEAT runs per image; decode rate per
# category; median and worst per image group. Then screen capture + decode of
# a 3840x2160 Xvfb screen showing a corpus screenshot, as `omamori scan
# --screen` does it (examples/bench_screen.rs).
#
#   scripts/bench-scan.sh [REPEAT]
#
# Needs: python3 with `pip install zxing-cpp`; for the screen part xvfb-run
# and feh (apt: xvfb feh) and the screen feature's build dependencies (see
# the README's setup command). The machine's load average is printed before
# and after: timings on a busy machine are only comparable back to back.
set -eu
cd "$(dirname "$0")/.."
REPEAT=${1:-5}
DIR=target/bench-scan
cargo build --release -q -p omamori-scan --features rxing --example bench_corpus --example write_corpus
echo "load before: $(uptime)"
./target/release/examples/bench_corpus "$DIR" "$REPEAT"
python3 scripts/bench-scan.py "$DIR" "$REPEAT"
echo "load after: $(uptime)"

if command -v xvfb-run >/dev/null && command -v feh >/dev/null; then
    cargo build --release -q -p omamori-scan --features screen --example bench_screen
    echo
    echo "screen capture + decode, 3840x2160 Xvfb, feh showing a corpus screenshot:"
    ./target/release/examples/write_corpus "$DIR/png" light >/dev/null
    IMG="$DIR/png/light-3840x2160-0.png"
    echo "load before: $(uptime)"
    xvfb-run -a -s "-screen 0 3840x2160x24" sh -c '
        feh --fullscreen --auto-zoom "$1" & FEH=$!
        sleep 2
        ./target/release/examples/bench_screen 7
        kill $FEH
    ' sh "$IMG"
    echo "load after: $(uptime)"
fi
