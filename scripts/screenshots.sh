#!/usr/bin/env bash
# Screenshots of the app's main screens (lock screen, codes, add dialog,
# setup key form, settings) in Japanese and English, from the real app on a
# demo vault with made-up keys, under Xvfb. Writes docs/screenshots/*.png.
#
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${OMAMORI_E2E_INNER:-}" ]; then
    command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
    cargo build --locked -p omamori-app
    cargo test --locked -p omamori-e2e --no-run
    exec xvfb-run -a -s "-screen 0 1280x800x24" \
        dbus-run-session -- env OMAMORI_E2E_INNER=1 "$0" "$@"
fi
cargo test --locked -p omamori-e2e --test screenshots -- --ignored --test-threads=1
echo "screenshots written to docs/screenshots/"
