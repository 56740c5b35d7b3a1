#!/usr/bin/env bash
# Mutation testing with cargo-mutants: each mutant changes the code once; the tests that should
# notice run against it. A mutant that survives is a behaviour no test pins. See TESTING.md.
#
#   scripts/mutants.sh runtime [FILE…]   mutate ittybit-runtime (all of runtime/src, or FILEs)
#   scripts/mutants.sh codegen [FILE…]   mutate ittybit-codegen (all of codegen/src, or FILEs)
#   scripts/mutants.sh diff [BASE]       mutate only the lines changed since BASE (default main)
#
# Extra arguments after `--` go to cargo-mutants (e.g. `-- --list` to count without running,
# `-- -j 2` for two build directories). Results: target/mutants/<what>/mutants.out/.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null 2>&1; then
  cargo install cargo-mutants --locked
fi
if ! command -v cargo-nextest >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi

# Property tests try 10,000 cases in `cargo test`; a mutant that breaks a property breaks it
# in far fewer.
export PROPTEST_CASES=${PROPTEST_CASES:-200}

what=${1:-}
shift || true
files=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  files+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift

# cargo-mutants exits 2 when mutants survived and 3 when some timed out: results, not failures.
results_or_fail() {
  local status=0
  "$@" || status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 2 ] || [ "$status" -eq 3 ] || exit "$status"
}

# Which tests judge which crate: first its own (quick to rebuild), then, for the mutants they
# miss, also those of the crates built on it (`--iterate` skips what the first pass caught).
case "$what" in
  runtime)
    package=ittybit-runtime
    wider=ittybit-runtime,ittybit
    # The Redis limiter is behind a feature: without it its file is not compiled, and every
    # mutant there would "survive" untested. Its tests start a redis-server.
    features=(--features redis)
    ;;
  codegen)
    package=ittybit-codegen
    wider=ittybit-codegen,ittybit-macros,ittybit-example-build,ittybit
    features=()
    ;;
  diff)
    base=${files[0]:-main}
    mkdir -p target/mutants
    git diff "$base" -- runtime/src codegen/src >target/mutants/changes.diff
    results_or_fail cargo mutants --in-diff target/mutants/changes.diff \
      --test-package ittybit-runtime,ittybit,ittybit-codegen,ittybit-macros \
      -o target/mutants/diff "$@"
    exit 0
    ;;
  *)
    sed -n '2,10p' "$0"
    exit 2
    ;;
esac

out=target/mutants/$what
mkdir -p "$out"
file_args=()
for file in "${files[@]}"; do
  file_args+=(--file "$file")
done
common=(--package "$package" "${features[@]}" --timeout 120 --build-timeout 400 -o "$out"
  "${file_args[@]}")
results_or_fail cargo mutants "${common[@]}" --test-package "$package" "$@"
case " $* " in *" --list "*) exit 0 ;; esac
results_or_fail cargo mutants "${common[@]}" --iterate --test-package "$wider" "$@"
echo "survivors: $out/mutants.out/missed.txt"
