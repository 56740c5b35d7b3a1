#!/usr/bin/env bash
# Runs the whole test suite N times in a row (default 20) while two busy loops hold the
# machine's cores, and counts the runs that failed: a test that fails by chance shows here.
#
#   scripts/stress.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}

cargo test --workspace --no-run --quiet || exit 1
busy() { while :; do :; done; }
busy & first=$!
busy & second=$!
trap 'kill $first $second 2>/dev/null' EXIT

failed=0
for i in $(seq 1 "$runs"); do
  if cargo test --workspace --quiet >"target/stress-$i.log" 2>&1; then
    printf 'run %d: ok\n' "$i"
  else
    failed=$((failed + 1))
    printf 'run %d: FAILED (target/stress-%d.log)\n' "$i" "$i"
  fi
done
printf '%d passed, %d failed\n' "$((runs - failed))" "$failed"
[ "$failed" -eq 0 ]
