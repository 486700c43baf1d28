#!/usr/bin/env bash
# Measures the release app under Xvfb: cold start to the first code visible
# through the keyring slot (Linux kernel keyring, in a private keyctl
# session), and memory (PSS summed over the program, WebKitWebProcess and
# WebKitNetworkProcess) idle with 20 accounts, on the lock screen, and for
# an empty Tauri window of the same size built with the same Tauri and
# profile (src-tauri/examples/empty_window.rs), each started the same way
# through tauri-driver. Prints the figures; REPEAT rounds (default 3)
# alternate the three.
#
#   scripts/measure-app.sh [REPEAT]
#
# The start time is measured from the WebDriver session request, so it
# includes WebKitWebDriver's own start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${OMAMORI_E2E_INNER:-}" ]; then
    command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
    cargo build --locked --release -p omamori-app
    cargo build --locked --release -p omamori-app --features measure-baseline --example empty_window
    cargo test --locked -p omamori-e2e --no-run
    exec xvfb-run -a -s "-screen 0 1280x800x24" \
        dbus-run-session -- keyctl session - env OMAMORI_E2E_INNER=1 "$0" "$@"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "${1:-3}"); do
    echo "round $round"
    OMAMORI_APP="$PWD/target/release/omamori-app" \
    OMAMORI_BASELINE="$PWD/target/release/examples/empty_window" \
        cargo test --locked -p omamori-e2e --test measure -- --ignored --nocapture --test-threads=1 2>&1 |
        grep -oE '(start|memory):.*'
done
