#!/usr/bin/env bash
# Runs every test of Omamori: formatting, lints, the whole workspace's unit,
# integration and property tests under nextest, doc tests, the UI's pure
# logic (node --test), the real app end to end under Xvfb (scripts/e2e.sh)
# and a short smoke run of each fuzz target. Called by `./dev test` once the
# dependencies are installed, inside scripts/with-keyrings.sh. Ends with one
# line `tests: N passed, M failed` over the three test runners.
#
# The workspace is compiled once, by the `build` step, always as
# `--workspace` with the test targets: a build of fewer packages or without
# tests unifies features differently and recompiles Tauri, GTK and zbus.
# Every later step reuses that build (scripts/e2e.sh uses the same command).
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
step "build (once, for every step below)"
cargo build --workspace --lib --bins --tests --examples --locked
step "workspace tests (nextest)"
cargo nextest run --workspace --locked --no-fail-fast 2>&1 | tee "$logs/nextest" || status=1
step "doc tests"
cargo test --doc --workspace --locked

step "UI logic (node --test)"
node --test tests/ui/ 2>&1 | tee "$logs/node" || status=1
step "the real app, end to end (Xvfb, tauri-driver)"
scripts/e2e.sh 2>&1 | tee "$logs/e2e" || status=1
step "fuzz smoke (a few seconds per target; see fuzz/README.md for real runs)"
scripts/fuzz-smoke.sh 5

count() { sed -nE "$2" "$1" | awk '{s += $1} END {print s + 0}'; }
passed=$(( $(count "$logs/node" 's/^# pass ([0-9]+).*/\1/p') \
         + $(count "$logs/e2e" 's/.*Summary \[.* ([0-9]+) passed.*/\1/p') \
         + $(count "$logs/nextest" 's/.*Summary \[.* ([0-9]+) passed.*/\1/p') ))
failed=$(( $(count "$logs/node" 's/^# fail ([0-9]+).*/\1/p') \
         + $(count "$logs/e2e" 's/.*Summary \[.* ([0-9]+) failed.*/\1/p') \
         + $(count "$logs/nextest" 's/.*Summary \[.* ([0-9]+) failed.*/\1/p') ))
echo "tests: $passed passed, $failed failed"
exit "$status"
