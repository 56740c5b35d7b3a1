//! Generates the clients of `resources/*.rs` into `OUT_DIR`, at build time.

fn main() {
    let generated = ittybit_codegen::build::Generator::new()
        .root("::ittybit_runtime")
        .file("resources/widgets.rs")
        .write("widgets.rs");
    if let Err(error) = generated {
        // Each problem is printed at its `file:line:column`.
        panic!("{error}");
    }
}
