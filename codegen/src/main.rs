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
    let (code, message) = match parse(&args).map(|generator| generator.generate()) {
        Ok(Ok(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Ok(Err(error)) => (1, error.to_string()),
        Err(message) => (2, format!("{message}\n\n{USAGE}")),
    };
    eprintln!("error: {message}");
    ExitCode::from(code)
}

fn parse(args: &[String]) -> Result<Generator, String> {
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        Some("expand") => {}
        None => return Err("expected a command".to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let (mut generator, mut file) = (Generator::new().cargo_directives(false), None);
    while let Some(arg) = args.next() {
        match arg {
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
