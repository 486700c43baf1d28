#!/usr/bin/env bash
# End-to-end tests of the real desktop app (WebKitGTK webview + backend),
# driven through tauri-driver/WebKitWebDriver by tests/e2e (fantoccini).
#
#   scripts/e2e.sh                 # build (debug), then run every scenario
#   scripts/e2e.sh copy            # only scenarios whose name contains "copy"
#
# Builds omamori-app and the CLI, installs tauri-driver if missing, then
# re-runs itself inside `xvfb-run` (a 1280x800 virtual screen) and
# `dbus-run-session` (a private session bus, so GTK leaves nothing behind).
# Needs the apt packages in scripts/apt-packages.txt (webkit2gtk-driver,
# xvfb, feh, xclip, xdotool, dbus, fonts-noto-cjk, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if [ -z "${OMAMORI_E2E_INNER:-}" ]; then
    command -v tauri-driver >/dev/null || cargo install tauri-driver --locked
    command -v WebKitWebDriver >/dev/null || { echo "e2e: WebKitWebDriver missing (apt install webkit2gtk-driver)" >&2; exit 1; }
    # The same command as scripts/test.sh's build step, so nothing is
    # compiled twice (fewer packages would unify features differently).
    cargo build --workspace --lib --bins --tests --examples --locked
    exec xvfb-run -a -s "-screen 0 1280x800x24" \
        dbus-run-session -- env OMAMORI_E2E_INNER=1 "$0" "$@"
fi

# Inside Xvfb and the private bus. One app at a time: the screen and the
# clipboard are shared.
status=0
cargo nextest run --workspace --locked --no-fail-fast --run-ignored only \
    -E 'binary_id(omamori-e2e::app) | binary_id(omamori-e2e::enroll)' --test-threads 1 "$@" || status=$?
exit $status
