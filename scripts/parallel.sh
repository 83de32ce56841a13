#!/usr/bin/env bash
# Runs npm scripts at once, for `npm test` on a machine with several cores:
#   scripts/parallel.sh "typecheck" "lint" "format:check"     three scripts at once
#   scripts/parallel.sh "test:real" "checks test:unit"        test:real beside checks, then test:unit
# Each argument is a sequence of npm scripts run one after the other (stopping at the first that fails); the
# arguments run in parallel. Each sequence's output is printed whole when it ends, in the order given, so outputs do
# not interleave. Exits 1 if any script failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

run_sequence() {
    local name
    for name in $1; do
        npm run -s "$name" || {
            echo "npm run $name failed"
            return 1
        }
    done
}

sequences=("$@")
pids=()
for i in "${!sequences[@]}"; do
    run_sequence "${sequences[$i]}" >"$logs/$i" 2>&1 &
    pids+=($!)
done

status=0
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || status=1
    cat "$logs/$i"
done
exit "$status"
