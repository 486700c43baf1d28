#!/usr/bin/env bash
# Installs what building and testing Omamori needs on Debian/Ubuntu: the apt
# packages in scripts/apt-packages.txt (only the missing ones; with sudo when
# not root), a Rust toolchain if there is none, cargo-nextest and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

mapfile -t wanted < <(grep -v '^\s*#' scripts/apt-packages.txt | sed '/^\s*$/d')
missing=()
for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        -o DPkg::Lock::Timeout=900 "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] || {
        echo "install-deps: installing the Rust toolchain with rustup" >&2
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    }
    export PATH="$HOME/.cargo/bin:$PATH"
fi
cargo nextest --version >/dev/null 2>&1 || cargo install cargo-nextest --locked
if [ "${1:-}" = "--with-fuzz" ]; then
    cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
fi
