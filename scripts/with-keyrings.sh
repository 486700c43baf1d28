#!/usr/bin/env bash
# Runs CMD... with both real Linux keyrings available, for the keyring tests:
#   - a fresh kernel session keyring (keyutils), via `keyctl session -`;
#   - a private D-Bus session bus (dbus-run-session) with a gnome-keyring-daemon
#     whose login keyring is unlocked non-interactively (Secret Service).
# Sets OMAMORI_KEYRING_TESTS=1 so the keyring tests are compiled in and must
# pass. Exits with CMD's exit code. The daemon is stopped at the end (it can
# outlive dbus-run-session and hold the output pipe open).
#
# Needs (apt): keyutils dbus gnome-keyring (libsecret-tools for manual checks).
# Uses a throwaway HOME-like data dir so the user's real keyrings are untouched.
#
# Usage: scripts/with-keyrings.sh cargo test -p omamori-vault --test keyring
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi
for tool in keyctl dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
        echo "$0: $tool not found; apt-get install keyutils dbus gnome-keyring" >&2
        exit 2
    fi
done

if [ "${OMAMORI_IN_KEYRINGS:-}" != "1" ]; then
    # Stage 1: new session keyring + private session bus, then re-enter.
    export OMAMORI_IN_KEYRINGS=1
    exec keyctl session - dbus-run-session -- "$0" "$@"
fi

# Stage 2: inside the session keyring and the private bus.
keyring_home=$(mktemp -d)
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

daemon_pids() {
    # Only daemons of this private bus (started by us or activated by D-Bus;
    # both carry our bus address), never a user's own keyring daemon.
    local pid
    for pid in $(pgrep -x gnome-keyring-d || true); do
        if { tr '\0' '\n' < "/proc/$pid/environ" | grep -qxF "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"; } 2>/dev/null; then
            echo "$pid"
        fi
    done
}
cleanup() {
    for pid in $(daemon_pids); do kill "$pid" 2>/dev/null || true; done
    rm -rf "$keyring_home"
}
trap cleanup EXIT

# --unlock reads the new login keyring's password on stdin and creates it
# unlocked; its output (environment lines) goes to /dev/null so no pipe is held.
printf '%s' "omamori-test-only" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1

export OMAMORI_KEYRING_TESTS=1
status=0
"$@" || status=$?
exit "$status"
