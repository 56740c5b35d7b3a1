//! The webhook decoder from a crate outside this workspace: a small binary crate written to a
//! temporary directory, with a path dependency on the facade, is built offline with this
//! workspace's lock file and target directory (so nothing is downloaded and the dependencies
//! already built are reused), and run. It decodes a webhook body, plugs in a verifier, and
//! prints what it found.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const MAIN: &str = r##"
use ittybit::header::HeaderMap;
use ittybit::webhook::{WebhookError, WebhookPayload, WebhookReceiver};

fn main() {
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
    match &event.payload {
        WebhookPayload::TaskSucceeded(task) => println!("{} {} {}", event.kind(), task.id, task.status),
        other => panic!("{other:?}"),
    }
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
fn a_crate_outside_the_workspace_decodes_webhook_events() {
    let dir = std::env::temp_dir().join(format!("ittybit-outside-{}", std::process::id()));
    fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"webhook-consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nittybit = {{ path = {ROOT:?} }}\n\n\
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
        "refused: no x-token\ntask.succeeded task_1 succeeded\n"
    );
}
