//! `ittybit-codegen expand FILE [--crate PATH]`: prints the formatted expansion of a Rust file
//! holding `#[resource]` structs, as a build script would generate it.

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
    let generator = match parse(&args) {
        Ok(generator) => generator,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
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

fn parse(args: &[String]) -> Result<Generator, String> {
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("expand") => {}
        None => return Err("expected a command".to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let mut generator = Generator::new().cargo_directives(false);
    let mut file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--crate" => {
                let root = args.next();
                generator =
                    generator.root(root.ok_or("`--crate` needs a path, e.g. ::ittybit_runtime")?);
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            path if file.is_none() => file = Some(path),
            extra => return Err(format!("unexpected argument `{extra}`")),
        }
    }
    Ok(generator.file(file.ok_or("expected a FILE to expand")?))
}
