#!/usr/bin/env bash
# A fuzzing campaign: `./dev fuzz [MINUTES] [TARGET...]` runs each fuzz
# target (all of them by default) for MINUTES minutes (default 10), one after
# the other, under `nice -n 10` (the machine is shared), from the committed
# seeds (fuzz/seeds/TARGET, read-only) and the growing corpus
# (fuzz/corpus/TARGET). Each run's log is kept in fuzz/target/campaign/, and
# a table of executions, coverage (libFuzzer's cov: and ft:), corpus size and
# findings per target is printed and written to fuzz/target/campaign/summary.md.
# A crash does not end the campaign: its input is kept in
# fuzz/artifacts/TARGET/ and the target goes on for the rest of its time.
#
# Targets are built once at the start with debug assertions (overflows
# panic); FUZZ_NO_BUILD=1 runs the binaries already built.
# Environment: FUZZ_NO_BUILD=1, FUZZ_APPEND=1 (see below).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
minutes="${1:-10}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || mapfile -t targets < <(cd fuzz && cargo fuzz list)
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    nice -n 10 cargo fuzz build -s none --debug-assertions
fi
bin=fuzz/target/x86_64-unknown-linux-gnu/release
out=fuzz/target/campaign
mkdir -p "$out"
summary="$out/summary.md"
# FUZZ_APPEND=1 adds rows to the table of an earlier run instead.
[ -n "${FUZZ_APPEND:-}" ] && [ -s "$summary" ] || {
    echo "| target | minutes | executions | exec/s | cov | ft | corpus | findings |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
} >"$summary"
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target" "fuzz/seeds/$target" "fuzz/artifacts/$target"
    log="$out/$target.log"
    : >"$log"
    deadline=$(( $(date +%s) + minutes * 60 ))
    crashes=0
    echo "fuzz campaign: $target for $minutes min (until $(date -u -d "@$deadline" +%H:%M:%S) UTC)" >&2
    while left=$(( deadline - $(date +%s) )); [ "$left" -gt 5 ]; do
        nice -n 10 "$bin/$target" "fuzz/corpus/$target" "fuzz/seeds/$target" \
            -artifact_prefix="fuzz/artifacts/$target/" -max_total_time="$left" \
            -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -max_len=65536 \
            -print_final_stats=1 >>"$log" 2>&1 && break
        crashes=$((crashes + 1))
        echo "fuzz campaign: $target stopped on a finding ($crashes so far)" >&2
        [ "$crashes" -lt 20 ] || break
    done
    execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    last=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: ' | tail -1)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
    found=$(grep -cE '^SUMMARY: libFuzzer' "$log" || true)
    kinds=$(grep -oE 'SUMMARY: libFuzzer: [a-z-]+|deadly signal|panicked at [^:]+:[0-9]+' "$log" | sort | uniq -c | sed 's/^ *//' | paste -sd ';' - || true)
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$target" "$minutes" "$execs" \
        "$(( execs / (minutes * 60) ))" "${cov:-?}" "${ft:-?}" "$corpus" \
        "$( [ "$found" -eq 0 ] && echo none || echo "$found: $kinds")" >>"$summary"
done
cat "$summary"
