//! Compile-fail tests of `#[derive(ittybit::Deserialize)]`: one file per family of errors,
//! each `.stderr` reviewed for clarity.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui_deserialize/*.rs");
}
