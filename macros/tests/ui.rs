//! Compile-fail tests: one file per family of errors, each `.stderr` reviewed for clarity.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
