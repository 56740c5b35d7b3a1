//! Snapshots of the formatted expansion of representative resources (`tests/inputs/*.rs` →
//! `tests/snapshots/*.rs`; `UPDATE_EXPECT=1 cargo test` rewrites them). The snapshots are
//! compiled by `ittybit-macros`' tests, beside the macro's own expansion of the same inputs.

use std::path::Path;

use expect_test::expect_file;
use ittybit_codegen::build::Generator;

const INPUTS: [&str; 7] = [
    "widget",
    "automation",
    "key",
    "envelope",
    "nested",
    "singleton",
    "numeric_id",
];

fn generate(name: &str) -> String {
    Generator::new()
        .file(format!("tests/inputs/{name}.rs"))
        .cargo_directives(false)
        .generate()
        .unwrap()
}

#[test]
fn snapshots() {
    for name in INPUTS {
        expect_file![format!("snapshots/{name}.rs")].assert_eq(&generate(name));
    }
}

/// The lines of the expansion proper (without the header and the input's `use` lines).
fn expansion_lines(name: &str) -> usize {
    generate(name)
        .lines()
        .filter(|line| {
            let comment = line.starts_with("// ");
            !comment && !line.starts_with("use ") && !line.is_empty()
        })
        .count()
}

#[test]
fn expansions_stay_small() {
    let widget = expansion_lines("widget");
    let automation = expansion_lines("automation");
    println!("widget: {widget} lines, automation: {automation} lines");
    assert!(widget < 80, "widget expands to {widget} lines");
    assert!(Path::new("tests/snapshots/widget.rs").exists());
}
