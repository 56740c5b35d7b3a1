//! The README's first command, `cargo run --example quickstart`, run as a newcomer runs it:
//! against the embedded mock, it prints what the typed model promises (the output file's URL
//! and size, a failed task's error as one readable line) and ends successfully.

use std::path::PathBuf;
use std::process::Command;

/// The example's binary, built beside this test's (`cargo test` builds every example), or
/// built now when only this test was asked for.
fn quickstart() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    let binary = profile
        .join("examples")
        .join(format!("quickstart{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--example", "quickstart"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the quickstart failed");
    }
    binary
}

#[test]
fn the_quickstart_shows_the_output_file_and_a_readable_failure() {
    let output = Command::new(quickstart())
        .env_remove(ittybit::Client::API_KEY_ENV)
        .env_remove(ittybit::Client::BASE_URL_ENV)
        .output()
        .expect("the quickstart runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = |prefix: &str| {
        stdout
            .lines()
            .find(|line| line.trim_start().starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` line in:\n{stdout}"))
            .to_owned()
    };
    let output_line = line("output: https://");
    assert!(
        output_line.contains("/video.mp4 (4382921 bytes, 1280x720, 31.4s)"),
        "{output_line}"
    );
    assert!(line("2. ").contains("finished: succeeded"));
    let failure = line("task_");
    assert!(
        failure.ends_with("failed: processing_failed: Decoder failed at frame 1184: the source media could not be processed."),
        "{failure}"
    );
    assert!(line("4. ").contains("404 Not Found: task_not_found"));
}
