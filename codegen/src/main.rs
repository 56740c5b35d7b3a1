//! `ittybit-codegen expand FILE [--crate PATH]`: prints the formatted expansion of a Rust file
//! holding `#[resource]` structs, as a build script would generate it.

use std::path::PathBuf;
use std::process::ExitCode;

use ittybit_codegen::build::Generator;

const USAGE: &str = "usage: ittybit-codegen expand FILE [--crate PATH]

Prints the formatted expansion of FILE: every item, with each #[resource] struct expanded.
  --crate PATH   the path generated code names the runtime through (default ::ittybit)
  -h, --help     prints this help";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (file, root) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut generator = Generator::new().file(file).cargo_directives(false);
    if let Some(root) = root {
        generator = generator.root(root);
    }
    match generator.generate() {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn parse(args: &[String]) -> Result<(PathBuf, Option<String>), String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("expand") => {}
        None => return Err("expected a command".to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let mut file = None;
    let mut root = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--crate" => {
                let value = args
                    .next()
                    .ok_or("`--crate` needs a path, e.g. ::ittybit_runtime")?;
                root = Some(value.clone());
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            path if file.is_none() => file = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    let file = file.ok_or("expected a FILE to expand")?;
    Ok((file, root))
}
