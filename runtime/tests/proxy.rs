//! Proxies from the environment never see a plain-HTTP key; HTTPS may tunnel through them.
//!
//! Proxy variables are process-wide, so the requests run in a child process (this test binary
//! again, running only `in_a_proxied_environment`) whose environment sets them; this binary holds
//! no other test that could see them.

mod support;

use std::process::Command;

use ittybit_runtime::{Client, Error, ops};
use support::{Item, ProxyTrap, Reply, TestServer};

const CHILD: &str = "ITTYBIT_PROXY_TEST_CHILD";

#[test]
fn proxies_from_the_environment_never_see_a_plain_http_key() {
    let trap = ProxyTrap::start();
    let server = TestServer::start(|_| Reply::json(200, r#"{"id":"item_1"}"#));
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "in_a_proxied_environment",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, &server.url)
        .env("HTTP_PROXY", &trap.url)
        .env("http_proxy", &trap.url)
        .env("HTTPS_PROXY", &trap.url)
        .env("https_proxy", &trap.url)
        .env("ALL_PROXY", &trap.url)
        .env("all_proxy", &trap.url)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .status()
        .unwrap();
    assert!(status.success(), "the child's assertions failed");
    // The plain-HTTP request went straight to the server with the key...
    assert_eq!(server.count(), 1);
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer ittybit_test_secret")
    );
    // ...and the only request the proxy saw is the HTTPS tunnel, which carries no key.
    assert_eq!(trap.requests(), ["CONNECT 127.0.0.1:1 HTTP/1.1"]);
}

/// Runs in the child process only (see above).
#[tokio::test]
#[ignore = "run by proxies_from_the_environment_never_see_a_plain_http_key in a child process"]
async fn in_a_proxied_environment() {
    let server = std::env::var(CHILD).expect("started by the parent test");

    let plain = Client::builder()
        .api_key("ittybit_test_secret")
        .base_url(&server)
        .build()
        .unwrap();
    let item: Item = ops::get(&plain, &[&"item_1"]).await.unwrap();
    assert_eq!(item.id, "item_1");

    // HTTPS goes through the system proxy as a CONNECT tunnel (the trap refuses it).
    let tunnelled = Client::builder()
        .api_key("ittybit_test_secret")
        .base_url("https://127.0.0.1:1")
        .call_timeout(std::time::Duration::from_secs(20))
        .retry(ittybit_runtime::retry::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = ops::get::<Item>(&tunnelled, &[&"item_1"])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");

    // With no_proxy(), not even the tunnel is used.
    let direct = Client::builder()
        .api_key("ittybit_test_secret")
        .base_url("https://127.0.0.1:1")
        .no_proxy()
        .retry(ittybit_runtime::retry::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = ops::get::<Item>(&direct, &[&"item_1"]).await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
}
