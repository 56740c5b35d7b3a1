//! The build-script API: typed errors at `file:line:column`, writes, and the command line.

use std::path::Path;
use std::process::Command;

use ittybit_codegen::build::{Error, Generator};

fn generate(file: &str) -> Result<String, Error> {
    Generator::new()
        .file(file)
        .cargo_directives(false)
        .generate()
}

#[test]
fn errors_are_typed_and_located() {
    let error = generate("tests/invalid/problems.rs").unwrap_err();
    let found: Vec<String> = error
        .diagnostics()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        [
            "tests/invalid/problems.rs:4:30: unknown option `colour`; the options of \
             `#[resource]` are: `path`, `id`, `singleton`, `filters`, `get`, `list`, `create`, \
             `update`, `delete`, `action`, `crate`",
            "tests/invalid/problems.rs:4:19: the path must start with `/`: write \"/widgets\"",
            "tests/invalid/problems.rs:10:36: `id = uuid` names no field of `Gadget`; its \
             fields are: `id`",
            "tests/invalid/problems.rs:18:9: `#[resource]` goes on a struct with named fields \
             (the resource's JSON object, one field of which is its id); enums are not supported",
        ]
    );
    let first = &error.diagnostics()[0];
    assert_eq!(first.file(), Path::new("tests/invalid/problems.rs"));
    assert_eq!((first.line(), first.column()), (4, 30));
    assert!(first.message().starts_with("unknown option `colour`"));
    let text = error.to_string();
    assert!(
        text.starts_with("4 problems in the resource definitions:\n"),
        "{text}"
    );
    // `Debug` is as readable, for a build script's `main` returning the error.
    assert_eq!(format!("{error:?}"), text);

    // For Cargo: one directive per problem, each at its place in the input.
    let directives = error.cargo_errors();
    assert_eq!(directives.len(), 4);
    assert_eq!(directives[0], format!("cargo::error={}", found[0]));
    assert!(directives.iter().all(|line| !line.contains('\n')));
}

#[test]
fn a_build_script_reports_to_cargo_without_panicking() {
    let dir = std::env::temp_dir().join(format!("ittybit-codegen-script-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("resources")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"script-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n",
    )
    .unwrap();
    // Runs the same failing generation as a build script would, in a child process of this
    // test binary, and checks what Cargo would read from its standard output.
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "report_as_a_build_script",
            "--nocapture",
            "--ignored",
        ])
        .env("OUT_DIR", &dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    let directives: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("cargo::"))
        .collect();
    assert_eq!(directives.len(), 4, "{stdout}");
    assert!(
        directives[0].starts_with("cargo::error=tests/invalid/problems.rs:4:30: unknown option"),
        "{stdout}"
    );
    assert!(!stdout.contains("panicked"), "{stdout}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The body of the test above, run in a child process with `OUT_DIR` set.
#[test]
#[ignore = "run by a_build_script_reports_to_cargo_without_panicking"]
fn report_as_a_build_script() {
    let written = Generator::new()
        .file("tests/invalid/problems.rs")
        .cargo_directives(false)
        .write_for_cargo("out.rs");
    assert_eq!(written, None);
}

#[test]
fn syntax_errors_are_located_too() {
    let error = generate("tests/invalid/syntax.rs").unwrap_err();
    assert!(matches!(error, Error::Invalid(_)));
    let diagnostic = &error.diagnostics()[0];
    assert_eq!(diagnostic.line(), 1, "{error}");
    assert!(
        error.to_string().contains("tests/invalid/syntax.rs:1:"),
        "{error}"
    );
}

#[test]
fn other_failures() {
    let error = generate("tests/inputs/missing.rs").unwrap_err();
    assert!(matches!(error, Error::Io { .. }));
    assert!(
        error.to_string().starts_with("tests/inputs/missing.rs: "),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());

    let error = Generator::new()
        .root("not a path")
        .file("tests/inputs/widget.rs");
    let error = error.generate().unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("the root `not a path` is not a Rust path"),
        "{error}"
    );

    if std::env::var_os("OUT_DIR").is_none() {
        let error = Generator::new().write("x.rs").unwrap_err();
        assert!(matches!(error, Error::NoOutDir), "{error}");
    }
}

#[test]
fn errors_cross_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Error>();
    assert_send_sync::<Generator>();
}

#[test]
fn writes_only_what_changed() {
    let dir = std::env::temp_dir().join(format!("ittybit-codegen-{}", std::process::id()));
    let out = dir.join("nested/widgets.rs");
    let generator = Generator::new()
        .file("tests/inputs/widget.rs")
        .root("::ittybit_runtime")
        .cargo_directives(false);
    generator.write_to(&out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("impl ::ittybit_runtime::Resource for Widget"));
    let modified = std::fs::metadata(&out).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    generator.write_to(&out).unwrap();
    assert_eq!(
        std::fs::metadata(&out).unwrap().modified().unwrap(),
        modified
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn each_item_names_the_line_it_comes_from() {
    let text = generate("tests/inputs/nested.rs").unwrap();
    let source = std::fs::read_to_string("tests/inputs/nested.rs").unwrap();
    let marks: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(at, line)| {
            line.strip_prefix("// tests/inputs/nested.rs:")
                .map(|l| (at, l))
        })
        .collect();
    // The two structs; the import needs no pointer back.
    assert_eq!(marks.len(), 2, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    for (at, line) in marks {
        // The generated item under the mark starts as the input's item on that line does.
        let line: usize = line.parse().unwrap();
        let input = source.lines().nth(line - 1).unwrap();
        let output = lines[at + 1];
        let keyword = |l: &str| l.split_whitespace().next().unwrap().to_owned();
        assert_eq!(
            keyword(output),
            keyword(input),
            "line {line}: {input} / {output}"
        );
    }
}

#[test]
fn several_files_one_output() {
    let text = Generator::new()
        .file("tests/inputs/widget.rs")
        .file("tests/inputs/key.rs")
        .cargo_directives(false)
        .generate()
        .unwrap();
    let widget = text
        .find("// Generated from tests/inputs/widget.rs")
        .unwrap();
    let key = text.find("// Generated from tests/inputs/key.rs").unwrap();
    assert!(widget < key);
}

#[test]
fn the_command_prints_the_expansion() {
    let bin = env!("CARGO_BIN_EXE_ittybit-codegen");
    let output = Command::new(bin)
        .args(["expand", "tests/inputs/widget.rs"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let expected = std::fs::read_to_string("tests/snapshots/widget.rs").unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);

    let output = Command::new(bin)
        .args([
            "expand",
            "tests/inputs/widget.rs",
            "--crate",
            "::ittybit_runtime",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("::ittybit_runtime::ops::get")
    );

    let output = Command::new(bin)
        .args(["expand", "tests/invalid/problems.rs"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error: 4 problems"), "{stderr}");
    assert!(
        stderr.contains("\ntests/invalid/problems.rs:4:30: unknown option `colour`"),
        "{stderr}"
    );

    for help in ["--help", "-h"] {
        let output = Command::new(bin).arg(help).output().unwrap();
        assert!(output.status.success());
        assert!(
            String::from_utf8(output.stdout)
                .unwrap()
                .starts_with("usage: ittybit-codegen expand")
        );
    }

    let misuses: [(&[&str], &str); 6] = [
        (&["frobnicate"], "unknown command `frobnicate`"),
        (&[], "expected a command"),
        (&["expand"], "expected a FILE to expand"),
        (&["expand", "a.rs", "--frob"], "unknown option `--frob`"),
        (&["expand", "a.rs", "b.rs"], "unexpected argument `b.rs`"),
        (&["expand", "a.rs", "--crate"], "`--crate` needs a path"),
    ];
    for (args, why) in misuses {
        let output = Command::new(bin).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with(&format!("error: {why}")),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("usage: ittybit-codegen expand"), "{stderr}");
    }
}

/// The problems `expand_source` finds in `source`, as `line:column: message`.
fn problems(source: &str) -> Vec<String> {
    let error =
        ittybit_codegen::build::expand_source(source, "::ittybit", Path::new("x.rs")).unwrap_err();
    error
        .diagnostics()
        .iter()
        .map(|d| format!("{}:{}: {}", d.line(), d.column(), d.message()))
        .collect()
}

#[test]
fn a_method_may_be_written_as_a_string() {
    let source = r#"
#[resource(path = "/jobs", action(name = go, method = "POST", path = "/{id}/go"))]
pub struct Job {
    pub id: String,
}
"#;
    let tokens = ittybit_codegen::build::expand_source(source, "::ittybit", Path::new("x.rs"))
        .unwrap()
        .to_string();
    assert!(tokens.contains("pub fn go"), "{tokens}");
    assert!(tokens.contains("Method :: POST"), "{tokens}");
}

#[test]
fn a_wrong_value_is_reported_where_it_is_written() {
    let source = r#"
#[resource(path = "/jobs", singleton = 3)]
pub struct Job {
    pub id: String,
}

#[resource(path = 7)]
pub struct Run {
    pub id: String,
}

#[resource(path = "/tasks", action(name = go, method = 7, path = "/{id}/go"))]
pub struct Task {
    pub id: String,
}
"#;
    assert_eq!(
        problems(source),
        [
            "2:40: expected `singleton`, `singleton = true` or `singleton = false`",
            "7:19: expected a string: `path = \"/widgets\"`",
            "12:56: expected an HTTP method such as `method = POST`",
        ]
    );
}

#[test]
fn a_singleton_refuses_what_only_items_have_each_where_written() {
    let source = r#"
#[resource(path = "/account", singleton, id = name, list, filters = F, create = N, delete)]
pub struct Account {
    pub name: String,
}

#[resource(path = "/profile", singleton, list = false, delete = false)]
pub struct Profile {
    pub name: String,
}
"#;
    assert_eq!(
        problems(source),
        [
            "2:42: a singleton has no id: remove `id`, or `singleton` if items have ids",
            "2:53: a singleton has no list (`list`, `stream`, `pages`): remove `list`",
            "2:59: a singleton has no list to filter: remove `filters`",
            "2:72: a singleton is not created: remove `create` (`update = Body` is available)",
            "2:84: a singleton is not deleted: remove `delete`",
        ]
    );
}

#[test]
fn a_missing_path_is_reported_unless_the_list_did_not_parse() {
    let missing = "#[resource(get)]\npub struct A {\n    pub id: String,\n}\n";
    let found = problems(missing);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("1:1: missing option `path`"),
        "{found:?}"
    );
    // After a syntax error in the list, that error alone is reported.
    let unreadable = "#[resource(get; list)]\npub struct A {\n    pub id: String,\n}\n";
    assert_eq!(problems(unreadable), ["1:15: expected `,`"]);
}

#[test]
fn resource_on_any_other_item_is_reported_past_its_attributes() {
    let source = r#"
#[resource(path = "/a")]
pub union U { pub a: u32 }

/// Documented.
#[resource(path = "/b")]
pub const C: u32 = 1;

/// Documented.
#[resource(path = "/c")]
pub fn f() {}

#[resource(path = "/d")]
pub static S: u32 = 1;
"#;
    let needs = "`#[resource]` goes on a struct with named fields (the resource's JSON object, \
                 one field of which is its id)";
    assert_eq!(
        problems(source),
        [
            format!("3:5: {needs}; unions are not supported"),
            format!("7:1: {needs}; this item is not a struct"),
            format!("11:1: {needs}; this item is not a struct"),
            format!("14:1: {needs}; this item is not a struct"),
        ]
    );
}

#[test]
fn resource_on_items_of_every_other_kind_is_reported() {
    // One of each item kind that can carry an attribute, each with a doc comment first.
    let items = [
        "impl A {}",
        "mod m {}",
        "trait T {}",
        "trait Alias = Clone;",
        "type Ty = u8;",
        "use std::fmt;",
        "extern crate core;",
        "extern \"C\" {}",
        "thing!();",
    ];
    for item in items {
        let source = format!("/// Doc.\n#[resource(path = \"/x\")]\n{item}\n");
        let found = problems(&source);
        assert_eq!(found.len(), 1, "{item}: {found:?}");
        assert!(
            found[0].starts_with("3:1: `#[resource]` goes on a struct")
                && found[0].ends_with("this item is not a struct"),
            "{item}: {found:?}"
        );
    }
}

#[test]
fn lifetimes_and_a_repeated_attribute_are_refused() {
    let source = r#"
#[resource(path = "/a")]
#[resource(path = "/b")]
pub struct A<'de> {
    pub id: &'de str,
}
"#;
    let found = problems(source);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("4:14: `#[resource]` structs cannot have lifetime parameters"),
        "{found:?}"
    );
    assert!(
        found[0].contains("so `'de` cannot be borrowed"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("3:3: `#[resource]` is repeated"),
        "{found:?}"
    );
}
