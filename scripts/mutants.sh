#!/usr/bin/env bash
# Mutation testing with cargo-mutants: each mutant changes the code once; the tests that should
# notice run against it. A mutant that survives is a behaviour no test pins. See TESTING.md.
#
#   scripts/mutants.sh runtime [FILE…]   mutate ittybit-runtime (all of runtime/src, or FILEs)
#   scripts/mutants.sh codegen [FILE…]   mutate ittybit-codegen (all of codegen/src, or FILEs)
#   scripts/mutants.sh diff [BASE]       mutate only the lines changed since BASE (default main)
#
# Extra arguments after `--` go to cargo-mutants (e.g. `-- --list` to count without running).

# Property tests try 10,000 cases in `cargo test`; a mutant that breaks a property breaks it
# in far fewer.
export PROPTEST_CASES=${PROPTEST_CASES:-200}
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null 2>&1; then
  cargo install cargo-mutants --locked
fi

what=${1:-}
shift || true
files=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  files+=(--file "$1")
  shift
done
[ "${1:-}" = "--" ] && shift

# Which tests judge which crate: the crate's own, and those of the crates built on it.
case "$what" in
  runtime)
    exec cargo mutants --package ittybit-runtime \
      --test-package ittybit-runtime --test-package ittybit \
      "${files[@]}" "$@"
    ;;
  codegen)
    exec cargo mutants --package ittybit-codegen \
      --test-package ittybit-codegen --test-package ittybit-macros \
      --test-package ittybit-example-build \
      "${files[@]}" "$@"
    ;;
  diff)
    base=${files[1]:-main}
    mkdir -p target
    git diff "$base" -- runtime/src codegen/src >target/mutants.diff
    exec cargo mutants --in-diff target/mutants.diff \
      --test-package ittybit-runtime --test-package ittybit \
      --test-package ittybit-codegen --test-package ittybit-macros "$@"
    ;;
  *)
    sed -n '2,9p' "$0"
    exit 2
    ;;
esac
