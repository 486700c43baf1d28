#!/usr/bin/env bash
# Measures the release app under Xvfb: cold start to the first code visible
# through the keyring slot (Linux kernel keyring, in a private keyctl
# session), and memory (PSS summed over omamori-app, WebKitWebProcess and
# WebKitNetworkProcess) idle with 20 accounts. Prints the figures.
#
#   scripts/measure-app.sh
#
# For comparison, an empty Tauri window here: ~0.6 s to paint and ~270 MB PSS
# (docs/PLATFORM notes). The start time is measured from the WebDriver
# session request, so it includes WebKitWebDriver's own start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${OMAMORI_E2E_INNER:-}" ]; then
    command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
    cargo build --locked --release -p omamori-app
    cargo test --locked -p omamori-e2e --no-run
    exec xvfb-run -a -s "-screen 0 1280x800x24" \
        dbus-run-session -- keyctl session - env OMAMORI_E2E_INNER=1 "$0" "$@"
fi
OMAMORI_APP="$PWD/target/release/omamori-app" \
    cargo test --locked -p omamori-e2e --test measure -- --ignored --nocapture --test-threads=1 2>&1 |
    grep -oE '(start|memory):.*'
