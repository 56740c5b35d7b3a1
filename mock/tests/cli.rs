//! The `ittybit-mock` binary: help, flag errors, serving, and stopping on a signal.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The binary under test.
fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ittybit-mock"))
}

#[test]
fn help_lists_every_flag() {
    let output = binary().arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--port",
        "--host",
        "--api-key",
        "--seed-tasks",
        "--advance",
        "--latency-ms",
        "--max-rps",
        "--fault",
        "--fault-every",
        "--fault-fraction",
        "--fault-seed",
        "--retry-after",
        "--retry-after-date",
        "--allow-http-webhooks",
        "--webhook-attempts",
        "--webhook-backoff-ms",
        "--resources",
        "--help",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}

#[test]
fn bad_flags_exit_2_with_a_message() {
    for args in [
        &["--port", "not-a-port"][..],
        &["--bogus"],
        &["--advance", "often"],
        &["--fault", "429"],
        &["--latency-ms"],
    ] {
        let output = binary().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.starts_with("ittybit-mock: "), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn serves_seeded_tasks_and_stops_on_a_signal() {
    let mut child = binary()
        .args([
            "--port",
            "0",
            "--api-key",
            "ittybit_cli",
            "--seed-tasks",
            "4",
            "--advance",
            "never",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("ittybit-mock listening on ")
        .unwrap_or_else(|| {
            let _ = child.kill();
            panic!("unexpected first line: {line}")
        });
    let addr = url.strip_prefix("http://").unwrap().to_owned();
    line.clear();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "API key: ittybit_cli");

    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /tasks HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer ittybit_cli\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert_eq!(response.matches("\"object\":\"task\"").count(), 4);

    stop(&mut child);
    let mut last = String::new();
    stdout.read_to_string(&mut last).unwrap();
    assert_eq!(
        last.trim(),
        "ittybit-mock stopped; requests received: 1; 429s from the rate cap: 0; faults injected: 0; webhooks delivered: 0, given up: 0, attempts: 0"
    );
}

#[test]
fn serves_resources_from_a_json_file_and_names_what_is_wrong_with_a_bad_one() {
    let dir = std::env::temp_dir().join(format!("ittybit-mock-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(
        &good,
        r#"[{"path": "/widgets/{widget_id}/parts", "items": [{"id": "p_1", "widget_id": "w_1"}]},
            {"path": "/account", "singleton": {"name": "Acme"}}]"#,
    )
    .unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"path": "/widgets", "items": [{"colour": "red"}]}]"#,
    )
    .unwrap();

    for (file, needle) in [
        (
            bad.clone(),
            "resource 0: object 0 of `/widgets` needs an `id`",
        ),
        (dir.join("missing.json"), "cannot read the file"),
    ] {
        let output = binary().arg("--resources").arg(&file).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{file:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with("ittybit-mock: `--resources "),
            "{stderr}"
        );
        assert!(stderr.contains(needle), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    let mut child = binary()
        .args(["--port", "0", "--resources"])
        .arg(&good)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("ittybit-mock listening on http://")
        .unwrap_or_else(|| {
            let _ = child.kill();
            panic!("unexpected first line: {line}")
        })
        .to_owned();
    for (path, body) in [
        ("/widgets/w_1/parts", r#"[{"id":"p_1","widget_id":"w_1"}]"#),
        ("/account", r#"{"name":"Acme"}"#),
    ] {
        let mut stream = TcpStream::connect(&addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer ittybit_mock_key\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(response.ends_with(body), "{response}");
    }
    stop(&mut child);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Stops the child: SIGINT on Unix (as Ctrl-C would), expecting a clean exit.
#[cfg(unix)]
fn stop(child: &mut std::process::Child) {
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// Stops the child.
#[cfg(not(unix))]
fn stop(child: &mut std::process::Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}
