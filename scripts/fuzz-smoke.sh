#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds (default 5): catches targets that
# stopped building and crashes that show up at once. Not a fuzzing campaign.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
for target in $(cargo fuzz list); do
    echo "fuzz: $target (${seconds}s)" >&2
    mkdir -p "fuzz/corpus/$target" "fuzz/seeds/$target"
    cargo fuzz run -s none "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
        >/dev/null 2>"fuzz/target/$target.log" || { tail -40 "fuzz/target/$target.log" >&2; exit 1; }
done
