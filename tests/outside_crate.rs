//! The crates from outside this workspace: a binary crate written to a temporary directory,
//! with path dependencies on the facade and the mock, is built offline with this workspace's
//! lock file and target directory (so nothing is downloaded and the dependencies already built
//! are reused), and run.
//!
//! - One decodes a webhook body, and calls the mock through a client with a
//!   hook: a typed page iterated by reference, an untyped get, and an error returned from `main`
//!   (printed as its one readable line).
//! - One is the README as a user pastes it: its install block is the manifest (with path
//!   dependencies in place of versions), each of its `rust` snippets is a binary, built in one
//!   go and run against a mock serving the README's own `widgets.json`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use ittybit_mock::{MockConfig, MockResource, MockServer};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const MAIN: &str = r##"
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ittybit::webhook::{self, WebhookError};
use ittybit::EventData;
use ittybit::hook::{AttemptResponse, Hook};
use ittybit::{Client, ListParams, Task};
use ittybit_mock::{MockConfig, MockServer, TaskSeed};

/// Counts the attempts the client makes.
struct Count(Arc<AtomicUsize>);

impl Hook for Count {
    fn on_response(&self, _: &AttemptResponse<'_>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[tokio::main]
async fn main() -> ittybit::Result<()> {
    let body = br#"{"id":"evt_1","object":"event","kind":"task.succeeded","created_at":1735689886,
        "data":{"id":"task_1","object":"task","kind":"video","status":"succeeded","created_at":1}}"#;
    match webhook::from_slice(&body[..40]) {
        Err(err @ WebhookError::Decode { .. }) => println!("refused: {err}"),
        other => panic!("{other:?}"),
    }
    let event = webhook::from_slice(body).unwrap();
    match &event.data {
        EventData::Task(task) => println!("{} {} {}", event.kind, task.id, task.status),
        other => panic!("{other:?}"),
    }

    // The client against the mock: a hook, a typed page iterated by reference, an untyped get.
    let mock = MockServer::start_with(MockConfig::default().seed_tasks(TaskSeed::many(3))).await;
    let attempts = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .hook(Count(Arc::clone(&attempts)))
        .build()
        .unwrap();
    let page = Task::list(&client, &ListParams::new()).await.unwrap();
    let ids: Vec<&str> = page.iter().map(|task| task.id.as_str()).collect();
    let first: serde_json::Value = client.path(&format!("/tasks/{}", ids[0])).get().await.unwrap();
    println!(
        "{} tasks; untyped get of the first: {}; attempts seen: {}",
        ids.len(),
        first["id"] == ids[0],
        attempts.load(Ordering::Relaxed)
    );

    // A `main` returning `ittybit::Result` prints the error's one readable line.
    Task::get(&client, "task_missing").await?;
    Ok(())
}
"##;

/// The target directory this test binary was built in (`<target>/debug/deps/<test>-…`).
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return dir.into();
    }
    let exe = std::env::current_exe().expect("this binary");
    exe.ancestors()
        .nth(3)
        .map_or_else(|| Path::new(ROOT).join("target"), Path::to_owned)
}

/// A binary crate outside the workspace, in a temporary directory removed on drop.
struct Outside {
    dir: PathBuf,
}

impl Outside {
    /// Writes the crate: `dependencies` is the manifest after its `[package]` table, each of
    /// `sources` a file under `src/` (`main.rs`, or `bin/<name>.rs` for several binaries).
    fn new(label: &str, dependencies: &str, sources: &[(String, &str)]) -> Self {
        let dir = std::env::temp_dir().join(format!("ittybit-{label}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("src/bin")).unwrap();
        let manifest = format!(
            "[package]\nname = \"{label}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             {dependencies}\n\n# A workspace of its own, not a member of any other.\n[workspace]\n"
        );
        fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        for (path, text) in sources {
            fs::write(dir.join("src").join(path), text).unwrap();
        }
        // The workspace's versions, so an offline build finds every crate already downloaded.
        fs::copy(Path::new(ROOT).join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        Self { dir }
    }

    /// Runs `cargo <args> --offline --quiet` on the crate, with the workspace's target directory.
    fn cargo(&self, args: &[&str]) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Command::new(cargo)
            .args(args)
            .args(["--offline", "--quiet", "--manifest-path"])
            .arg(self.dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target_dir())
            .env_remove("CARGO_MAKEFLAGS")
            .env_remove("MAKEFLAGS")
            .env_remove("MFLAGS")
            .stdin(Stdio::null())
            .output()
            .expect("cargo")
    }
}

impl Drop for Outside {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn a_crate_outside_the_workspace_uses_the_client_and_decodes_webhook_events() {
    let mock = Path::new(ROOT).join("mock");
    let dependencies = format!(
        "[dependencies]\nittybit = {{ path = {ROOT:?} }}\nittybit-mock = {{ path = {mock:?} }}\n\
         serde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}"
    );
    let outside = Outside::new(
        "outside-consumer",
        &dependencies,
        &[("main.rs".to_owned(), MAIN)],
    );
    let output = outside.cargo(&["run"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Exit code 1 is `main` returning its error; a panic would be 101.
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("Error: 404 Not Found: task_not_found: ")
            && last.ends_with(" (GET /tasks/task_missing)"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "refused: webhook body is not an event: at `kind`: EOF while parsing a string at line 1 column 40\ntask.succeeded task_1 succeeded\n\
         3 tasks; untyped get of the first: true; attempts seen: 2\n"
    );
}

/// A fenced block of the README: its info string (`rust,no_run`), first line number, text.
struct Block {
    info: String,
    line: usize,
    text: String,
}

/// Every fenced block of a Markdown text.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (index, line) in markdown.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_owned(),
                    line: index + 2,
                    text: String::new(),
                });
            }
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (Some(block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// The install block with path dependencies in place of this project's versions:
/// `ittybit = "0.1"` becomes `ittybit = { path = … }`, and `version = "0.1"` inside a table the
/// same.
fn with_paths(install: &str) -> String {
    install
        .lines()
        .map(|line| {
            let Some((name, value)) = line.split_once('=') else {
                return line.to_owned();
            };
            let path = match name.trim() {
                "ittybit" => Path::new(ROOT).to_owned(),
                "ittybit-mock" => Path::new(ROOT).join("mock"),
                _ => return line.to_owned(),
            };
            let path = format!("path = {:?}", path.to_str().expect("a UTF-8 path"));
            let value = value.trim_start();
            if let Some(rest) = value.strip_prefix("\"0.1\"") {
                format!("{name}= {{ {path} }}{rest}")
            } else {
                format!("{name}= {}", value.replacen("version = \"0.1\"", &path, 1))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a snippet must print, found by what it calls.
const EXPECTED: [(&str, &str); 6] = [
    ("Task::wait_until_done", " is succeeded"),
    ("ApiErrorKind::TaskNotFound", "gone"),
    (".hook(Log)", "Client"),
    ("Widget::create", "is red"),
    ("MockServer::start", "tasks on the first page"),
    ("webhook::from_slice", "answered 204 No Content"),
];

#[test]
fn every_readme_snippet_builds_and_runs_as_pasted() {
    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let install = blocks
        .iter()
        .find(|block| block.info == "toml")
        .expect("the install block");
    let dependencies = with_paths(&install.text);
    assert!(
        dependencies.contains("ittybit-mock = { path"),
        "{dependencies}"
    );
    let snippets: Vec<&Block> = blocks
        .iter()
        .filter(|block| block.info.split(',').next() == Some("rust"))
        .collect();
    assert!(snippets.len() >= 6, "{} snippets", snippets.len());
    for (call, _) in EXPECTED {
        assert!(
            snippets.iter().any(|snippet| snippet.text.contains(call)),
            "no README snippet calls {call}"
        );
    }
    let mut sources = Vec::new();
    for snippet in &snippets {
        assert!(
            !snippet
                .text
                .lines()
                .any(|line| line == "#" || line.starts_with("# ")),
            "README.md:{}: a hidden line cannot be pasted",
            snippet.line
        );
        assert!(
            snippet.text.contains("fn main("),
            "README.md:{}: not a whole program",
            snippet.line
        );
        sources.push((
            format!("bin/readme-{}.rs", snippet.line),
            snippet.text.as_str(),
        ));
    }
    let outside = Outside::new("readme-snippets", &dependencies, &sources);
    let built = outside.cargo(&["build", "--bins"]);
    assert!(
        built.status.success(),
        "the README's snippets do not build as pasted:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );

    // The mock serves what the README tells a user to serve.
    let widgets = blocks
        .iter()
        .find(|block| block.info == "json")
        .expect("the README's widgets.json");
    let mut config = MockConfig::default();
    for resource in MockResource::from_json(&widgets.text).unwrap() {
        config = config.resource(resource);
    }
    let mock = MockServer::start_on_thread(config);
    for snippet in &snippets {
        run_snippet(snippet, &mock);
    }
    // The widget snippet created a red widget, listed the red ones and deleted it.
    let widget_calls: Vec<String> = mock
        .requests()
        .into_iter()
        .filter(|request| request.path_and_query.starts_with("/widgets"))
        .map(|request| {
            format!(
                "{} {} {}",
                request.method, request.path_and_query, request.status
            )
        })
        .collect();
    assert_eq!(widget_calls.len(), 3, "{widget_calls:?}");
    assert_eq!(widget_calls[0], "POST /widgets 201");
    assert_eq!(widget_calls[1], "GET /widgets?colour=red 200");
    assert!(
        widget_calls[2].starts_with("DELETE /widgets/widget_") && widget_calls[2].ends_with(" 204"),
        "{widget_calls:?}"
    );
}

/// Runs a snippet's binary against the mock and checks it succeeds and prints what it should.
fn run_snippet(snippet: &Block, mock: &MockServer) {
    let binary = target_dir().join("debug").join(format!(
        "readme-{}{}",
        snippet.line,
        std::env::consts::EXE_SUFFIX
    ));
    let output = Command::new(&binary)
        .env("ITTYBIT_API_KEY", mock.api_key())
        .env("ITTYBIT_BASE_URL", mock.url())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("{}: {err}", binary.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "README.md:{} failed:\n{stdout}\n{}",
        snippet.line,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !stdout.contains(mock.api_key()),
        "README.md:{}: {stdout}",
        snippet.line
    );
    let expected = EXPECTED
        .iter()
        .find(|(call, _)| snippet.text.contains(call))
        .map(|&(_, printed)| printed);
    if let Some(printed) = expected {
        assert!(
            stdout.contains(printed),
            "README.md:{}: {stdout}",
            snippet.line
        );
    }
}

#[test]
fn install_lines_get_paths_and_blocks_are_found_with_their_lines() {
    let install = "[dependencies]\nittybit = \"0.1\"  # the facade\n\
                   ittybit-mock = { version = \"0.1\", default-features = false }\n\
                   serde = \"1\"";
    let lines: Vec<String> = with_paths(install).lines().map(str::to_owned).collect();
    let root = Path::new(ROOT).to_str().unwrap();
    assert_eq!(
        lines[1],
        format!("ittybit = {{ path = {root:?} }}  # the facade")
    );
    assert_eq!(
        lines[2],
        format!(
            "ittybit-mock = {{ path = {:?}, default-features = false }}",
            Path::new(ROOT).join("mock").to_str().unwrap()
        )
    );
    assert_eq!(lines[3], "serde = \"1\"");

    let markdown = "text\n```rust,no_run\nfn main() {}\n```\n\n```toml\n[a]\n```\n";
    let found = blocks(markdown);
    assert_eq!(found.len(), 2);
    assert_eq!(
        (
            found[0].info.as_str(),
            found[0].line,
            found[0].text.as_str()
        ),
        ("rust,no_run", 3, "fn main() {}\n")
    );
    assert_eq!((found[1].info.as_str(), found[1].line), ("toml", 7));
}
