#!/usr/bin/env bash
# Runs every test of Omamori: formatting, lints, a short smoke run of each
# fuzz target, doc tests, and the whole workspace's unit, integration and
# property tests under nextest. Called by `./dev test` once the dependencies
# are installed. Ends with one line `tests: N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*" >&2; }

step "format"
cargo fmt --all --check
step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "fuzz smoke (a few seconds per target; see fuzz/README.md for real runs)"
scripts/fuzz-smoke.sh 5
step "doc tests"
cargo test --workspace --doc --locked
step "tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo nextest run --workspace --locked --no-fail-fast 2>&1 | tee "$log" || status=$?
summary=$(grep -E 'Summary \[' "$log" | tail -1)
passed=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$summary")
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
