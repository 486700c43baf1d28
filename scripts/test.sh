#!/usr/bin/env bash
# Runs every test of Omamori: formatting, lints, a short smoke run of each
# fuzz target, doc tests, the UI's pure logic (node --test), the real app
# end to end under Xvfb (scripts/e2e.sh), and the whole workspace's unit,
# integration and property tests under nextest. Called by `./dev test` once
# the dependencies are installed, inside scripts/with-keyrings.sh. Ends with
# one line `tests: N passed, M failed` over the three test runners.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*" >&2; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0

step "format"
cargo fmt --all --check
step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "fuzz smoke (a few seconds per target; see fuzz/README.md for real runs)"
scripts/fuzz-smoke.sh 5
step "doc tests (the library crates; the app and CLI carry none)"
cargo test --doc --locked -p omamori-otp -p omamori-vault -p omamori-scan -p omamori-transfer

step "UI logic (node --test)"
node --test tests/ui/ 2>&1 | tee "$logs/node" || status=1
step "the real app, end to end (Xvfb, tauri-driver)"
scripts/e2e.sh 2>&1 | tee "$logs/e2e" || status=1
step "workspace tests (nextest)"
cargo nextest run --workspace --locked --no-fail-fast 2>&1 | tee "$logs/nextest" || status=1

count() { sed -nE "$2" "$1" | awk '{s += $1} END {print s + 0}'; }
passed=$(( $(count "$logs/node" 's/^# pass ([0-9]+).*/\1/p') \
         + $(count "$logs/e2e" 's/^test result: .* ([0-9]+) passed.*/\1/p') \
         + $(count "$logs/nextest" 's/.*Summary \[.* ([0-9]+) passed.*/\1/p') ))
failed=$(( $(count "$logs/node" 's/^# fail ([0-9]+).*/\1/p') \
         + $(count "$logs/e2e" 's/^test result: .* ([0-9]+) failed.*/\1/p') \
         + $(count "$logs/nextest" 's/.*Summary \[.* ([0-9]+) failed.*/\1/p') ))
echo "tests: $passed passed, $failed failed"
exit "$status"
