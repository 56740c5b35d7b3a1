//! `Client::from_env` and `ClientBuilder::from_env` read `ITTYBIT_API_KEY` and
//! `ITTYBIT_BASE_URL`.
//!
//! The environment is process-wide, so each case runs in a child process (this test binary
//! again, running only `in_a_configured_environment`) whose environment is set for it; no test
//! in this binary touches its own environment.

mod support;

use std::process::Command;

use ittybit_runtime::{Client, ClientBuilder, Error, ops};
use support::{Item, Reply, TestServer};

const CASE: &str = "ITTYBIT_ENV_TEST_CASE";

/// Runs the child with `vars` set and `ITTYBIT_*` otherwise unset; true when its assertions
/// held. Its output is kept, and shown only when `expect` is not what happened.
fn child(case: &str, vars: &[(&str, &str)], expect: bool) -> bool {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "in_a_configured_environment",
            "--ignored",
            "--nocapture",
        ])
        .env(CASE, case)
        .env_remove("ITTYBIT_API_KEY")
        .env_remove("ITTYBIT_BASE_URL");
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    let passed = output.status.success();
    if passed != expect {
        eprintln!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    passed
}

#[test]
fn the_key_and_base_url_come_from_the_environment() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"id":"item_1"}"#));
    let vars = [
        ("ITTYBIT_API_KEY", "ittybit_env_secret"),
        ("ITTYBIT_BASE_URL", server.url.as_str()),
    ];
    assert!(child("configured", &vars, true));
    // Both constructors sent one request each, with the key from the environment.
    assert_eq!(server.count(), 2);
    for request in server.requests() {
        assert_eq!(
            request.header("authorization"),
            Some("Bearer ittybit_env_secret")
        );
    }
}

#[test]
fn a_blank_base_url_means_the_production_api() {
    let vars = [("ITTYBIT_API_KEY", "k"), ("ITTYBIT_BASE_URL", "  ")];
    assert!(child("production", &vars, true));
}

#[test]
fn a_missing_key_is_a_config_error_naming_the_variable() {
    let vars = [("ITTYBIT_BASE_URL", "http://127.0.0.1:1")];
    assert!(child("missing", &vars, true));
}

#[test]
fn a_child_that_fails_its_assertions_is_reported() {
    // The harness itself can fail: a case whose expectation does not hold reports failure.
    assert!(!child("missing", &[("ITTYBIT_API_KEY", "k")], false));
}

/// Runs in a child process only (see above).
#[tokio::test]
#[ignore = "run by the other tests of this binary in a child process"]
async fn in_a_configured_environment() {
    match std::env::var(CASE)
        .expect("started by a parent test")
        .as_str()
    {
        "configured" => {
            let base = std::env::var("ITTYBIT_BASE_URL").unwrap();
            let client = Client::from_env().unwrap();
            assert_eq!(client.base_url().as_str(), format!("{base}/"));
            let item: Item = ops::get(&client, &[&"item_1"]).await.unwrap();
            assert_eq!(item.id, "item_1");

            let client = ClientBuilder::from_env().unwrap().build().unwrap();
            let item: Item = ops::get(&client, &[&"item_1"]).await.unwrap();
            assert_eq!(item.id, "item_1");
        }
        "production" => {
            let client = Client::from_env().unwrap();
            assert_eq!(client.base_url().as_str(), "https://api.ittybit.com/");
        }
        "missing" => {
            for err in [
                Client::from_env().unwrap_err(),
                ClientBuilder::from_env().unwrap_err(),
            ] {
                assert!(matches!(err, Error::Config(_)), "{err:?}");
                assert!(err.to_string().contains("ITTYBIT_API_KEY"), "{err}");
            }
        }
        other => panic!("unknown case {other}"),
    }
}
