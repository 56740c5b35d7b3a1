//! The crate from outside this workspace: a small binary crate written to a temporary
//! directory, with path dependencies on the facade and the mock, is built offline with this
//! workspace's lock file and target directory (so nothing is downloaded and the dependencies
//! already built are reused), and run. It decodes a webhook body with a verifier, and calls the
//! mock through a client with a hook: a typed page iterated by reference, and an untyped get.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const MAIN: &str = r##"
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ittybit::header::HeaderMap;
use ittybit::webhook::{WebhookError, WebhookReceiver};
use ittybit::EventData;
use ittybit::{AttemptResponse, Client, Hook, ListParams, Task};
use ittybit_mock::{MockConfig, MockServer, TaskSeed};

/// Counts the attempts the client makes.
struct Count(Arc<AtomicUsize>);

impl Hook for Count {
    fn on_response(&self, _: &AttemptResponse<'_>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[tokio::main]
async fn main() {
    let body = br#"{"id":"evt_1","object":"event","kind":"task.succeeded","created_at":1735689886,
        "data":{"id":"task_1","object":"task","kind":"video","status":"succeeded","created_at":1}}"#;
    let receiver = WebhookReceiver::new().verifier(|headers: &HeaderMap, _: &[u8]| {
        headers.get("x-token").map(drop).ok_or_else(|| "no x-token".to_owned())
    });
    let mut headers = HeaderMap::new();
    match receiver.receive(&headers, body) {
        Err(WebhookError::Rejected { reason }) => println!("refused: {reason}"),
        other => panic!("{other:?}"),
    }
    headers.insert("x-token", "t".parse().unwrap());
    let event = receiver.receive(&headers, body).unwrap();
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
    let first: serde_json::Value = client.get(&format!("/tasks/{}", ids[0])).await.unwrap();
    println!(
        "{} tasks; untyped get of the first: {}; attempts seen: {}",
        ids.len(),
        first["id"] == ids[0],
        attempts.load(Ordering::Relaxed)
    );
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

#[test]
fn a_crate_outside_the_workspace_uses_the_client_and_decodes_webhook_events() {
    let dir = std::env::temp_dir().join(format!("ittybit-outside-{}", std::process::id()));
    fs::create_dir_all(dir.join("src")).unwrap();
    let mock = Path::new(ROOT).join("mock");
    let manifest = format!(
        "[package]\nname = \"outside-consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nittybit = {{ path = {ROOT:?} }}\nittybit-mock = {{ path = {mock:?} }}\n\
         serde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n\
         # A workspace of its own, not a member of any other.\n[workspace]\n"
    );
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    fs::write(dir.join("src/main.rs"), MAIN).unwrap();
    // The workspace's versions, so an offline build finds every crate already downloaded.
    fs::copy(Path::new(ROOT).join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .stdin(Stdio::null())
        .output()
        .expect("cargo");
    let _ = fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "the outside crate failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "refused: no x-token\ntask.succeeded task_1 succeeded\n\
         3 tasks; untyped get of the first: true; attempts seen: 2\n"
    );
}
