#!/usr/bin/env bash
# Screenshots of the app's main screens (lock screen, codes, add dialog,
# setup key form, settings, backup & move) in Japanese and English, from the real app on a
# demo vault with made-up keys, under Xvfb. Writes docs/screenshots/*.png.
#
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${OMAMORI_E2E_INNER:-}" ]; then
    command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
    # The build scripts/test.sh makes (fewer packages would recompile Tauri).
    cargo build --workspace --lib --bins --tests --examples --locked
    exec xvfb-run -a -s "-screen 0 1280x800x24" \
        dbus-run-session -- env OMAMORI_E2E_INNER=1 "$0" "$@"
fi
cargo nextest run --workspace --locked --run-ignored only \
    -E 'binary_id(omamori-e2e::screenshots)' --test-threads 1
echo "screenshots written to docs/screenshots/"
