//! Generated code: the formatted lines `#[resource]` adds per resource (through
//! `ittybit_codegen::expand` and `render`, on the codegen's test inputs and the crate's own
//! resources), and the time `cargo build -p ittybit --release` takes after touching one
//! resource file, in a dedicated target directory warmed by a first build.
//!
//! `cargo bench -p ittybit --bench codegen` (set `ITTYBIT_BENCH_NO_REBUILD=1` to skip the
//! rebuild timing, which needs a full release build of the crate first).

mod support;

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use proc_macro2::TokenStream;
use quote::ToTokens;
use support::{Stats, Table, ms};
use syn::{Item, ItemStruct};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Representative inputs: the codegen's test inputs and the crate's resources.
const INPUTS: [&str; 10] = [
    "codegen/tests/inputs/widget.rs",
    "codegen/tests/inputs/key.rs",
    "codegen/tests/inputs/envelope.rs",
    "codegen/tests/inputs/automation.rs",
    "src/task.rs",
    "src/run.rs",
    "src/event.rs",
    "src/key.rs",
    "src/webhook_endpoint.rs",
    "src/automation.rs",
];

/// The resource file touched before each rebuild.
const TOUCHED: &str = "src/task.rs";

fn main() {
    support::header(
        "Generated code: lines per resource, and rebuild time",
        "cargo bench -p ittybit --bench codegen",
    );
    line_counts();
    if !support::full_run() || std::env::var_os("ITTYBIT_BENCH_NO_REBUILD").is_some() {
        println!("(rebuild timing skipped)");
    } else {
        rebuild();
    }
}

/// A `#[resource(…)]` struct: the attribute's tokens and the struct without it.
struct Resource {
    file: &'static str,
    name: String,
    attr: TokenStream,
    item: ItemStruct,
}

fn is_resource(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "resource")
}

fn collect(file: &'static str, items: Vec<Item>, out: &mut Vec<Resource>) {
    for item in items {
        match item {
            Item::Struct(mut item) => {
                let Some(index) = item.attrs.iter().position(is_resource) else {
                    continue;
                };
                let attr = item.attrs.remove(index);
                let attr = match attr.meta {
                    syn::Meta::List(list) => list.tokens,
                    _ => TokenStream::new(),
                };
                out.push(Resource {
                    file,
                    name: item.ident.to_string(),
                    attr,
                    item,
                });
            }
            Item::Mod(module) => {
                if let Some((_, items)) = module.content {
                    collect(file, items, out);
                }
            }
            _ => {}
        }
    }
}

fn resources() -> Vec<Resource> {
    let mut out = Vec::new();
    for file in INPUTS {
        let source = std::fs::read_to_string(Path::new(ROOT).join(file)).expect(file);
        let parsed = syn::parse_file(&source).expect(file);
        collect(file, parsed.items, &mut out);
    }
    out
}

/// Counts of the lines the expansion adds to the struct.
struct Lines {
    total: usize,
    docs: usize,
    /// The generated `fn` names, `id` (the `Resource` impl) excluded.
    operations: Vec<String>,
}

fn count(resource: &Resource) -> Lines {
    let item = resource.item.to_token_stream();
    let expanded = ittybit_codegen::expand(resource.attr.clone(), item.clone());
    let text = ittybit_codegen::render(&expanded).expect("the expansion renders");
    assert!(
        !text.contains("compile_error"),
        "{}: {}",
        resource.file,
        text
    );
    let base = ittybit_codegen::render(&item).expect("the struct renders");
    let doc_lines = |text: &str| {
        text.lines()
            .filter(|line| line.trim_start().starts_with("///"))
            .count()
    };
    let operations = text
        .lines()
        .filter_map(|line| {
            let (_, rest) = line.split_once("fn ")?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty() && name != "id").then_some(name)
        })
        .collect();
    Lines {
        total: text.lines().count() - base.lines().count(),
        docs: doc_lines(&text) - doc_lines(&base),
        operations,
    }
}

fn line_counts() {
    let mut table = Table::new(&[
        "resource (input file)",
        "operations generated",
        "lines added",
        "of which doc comments",
        "code lines",
        "lines per operation",
    ]);
    for resource in resources() {
        let lines = count(&resource);
        let ops = lines.operations.len().max(1);
        table.row(&[
            format!("`{}` ({})", resource.name, resource.file),
            lines.operations.join(", "),
            lines.total.to_string(),
            lines.docs.to_string(),
            (lines.total - lines.docs).to_string(),
            format!(
                "{:.1}",
                f64::from(u32::try_from(lines.total).unwrap_or(u32::MAX))
                    / f64::from(u32::try_from(ops).unwrap_or(u32::MAX))
            ),
        ]);
    }
    println!(
        "Lines added: formatted (prettyplease) lines of `render(expand(attr, struct))` minus \
         those of `render(struct)`: the `Resource` impl and the methods, doc comments included."
    );
    println!();
    table.print();
}

/// `cargo build -p ittybit --release` in `target`; the time it took.
fn build(target: &Path) -> f64 {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["build", "-p", "ittybit", "--release", "--manifest-path"])
        .arg(Path::new(ROOT).join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .stdin(Stdio::null())
        .output()
        .expect("cargo");
    let elapsed = started.elapsed();
    assert!(
        output.status.success(),
        "cargo build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    ms(elapsed) / 1e3
}

fn touch(path: &Path) {
    File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .expect("touch");
}

fn rebuild() {
    const RUNS: usize = 5;
    let target = support::target_dir().join("bench-rebuild");
    let touched = Path::new(ROOT).join(TOUCHED);
    let first = build(&target);
    // A second untouched build: nothing to do but cargo's own checks.
    let (mut touched_runs, mut noop_runs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        touch(&touched);
        touched_runs.push(build(&target));
        noop_runs.push(build(&target));
    }
    let mut table = Table::new(&["build", "median s (min–max)"]);
    table.row(&[
        format!("`cargo build -p ittybit --release` after touching {TOUCHED}"),
        Stats::of(&touched_runs).show(2),
    ]);
    table.row(&[
        "the same with nothing touched (cargo's own checks)".to_owned(),
        Stats::of(&noop_runs).show(2),
    ]);
    println!(
        "Rebuild: target directory {}, brought up to date by a first build in {first:.1} s (a \
         full release build when the directory is new); then {RUNS} runs of each, alternated.",
        target.display()
    );
    println!();
    table.print();
}
