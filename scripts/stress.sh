#!/usr/bin/env bash
# Runs the whole test suite N times in a row (default 20) while two busy loops hold the
# machine's cores, and counts the runs that failed: a test that fails by chance shows here.
# A run is what CI runs: the Redis limiter's tests (they need redis-server), then the
# workspace's.
#
#   scripts/stress.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}

suite() {
  cargo test -p ittybit --features redis --test redis_limiter --quiet &&
    cargo test --workspace --quiet
}
cargo test -p ittybit --features redis --test redis_limiter --no-run --quiet || exit 1
cargo test --workspace --no-run --quiet || exit 1
busy() { while :; do :; done; }
busy & first=$!
busy & second=$!
trap 'kill $first $second 2>/dev/null' EXIT

failed=0
for i in $(seq 1 "$runs"); do
  if CI=true suite >"target/stress-$i.log" 2>&1; then
    printf 'run %d: ok\n' "$i"
  else
    failed=$((failed + 1))
    printf 'run %d: FAILED (target/stress-%d.log)\n' "$i" "$i"
  fi
done
printf '%d passed, %d failed\n' "$((runs - failed))" "$failed"
[ "$failed" -eq 0 ]
