//! Generates the clients of `resources/*.rs` into `OUT_DIR`, at build time.

use ittybit_codegen::build::Generator;

fn main() {
    // On a mistake in a resources file, Cargo shows it at its `file:line:column` and fails the
    // build; nothing panics.
    for name in ["widgets.rs", "shapes.rs"] {
        Generator::new()
            .root("::ittybit_runtime")
            .file(format!("resources/{name}"))
            .write_for_cargo(name);
    }
}
