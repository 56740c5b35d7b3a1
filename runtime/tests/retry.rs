//! Retries over real HTTP. The client's clock is paused, so waits take no wall time; the server
//! runs on its own thread in real time.

mod support;

use std::time::{Duration, SystemTime};

use ittybit_runtime::http::StatusCode;
use ittybit_runtime::retry::RetryPolicy;
use ittybit_runtime::{Error, ops};
use support::{Item, Reply, TestServer};
use tokio::time::Instant;

const ITEM: &str = r#"{"id":"item_1"}"#;

/// Fails the first `failures` requests with `reply`, then answers the item.
fn flaky(failures: usize, reply: impl Fn() -> Reply + Send + Sync + 'static) -> TestServer {
    TestServer::start(move |request| {
        if request.index < failures {
            reply()
        } else {
            Reply::json(200, ITEM)
        }
    })
}

#[tokio::test(start_paused = true)]
async fn rate_limit_honours_retry_after_seconds() {
    let server = flaky(1, || {
        Reply::json(429, r#"{"kind":"rate_limited","message":"Slow down."}"#)
            .with_header("retry-after", "1")
    });
    let started = Instant::now();
    let item: Item = ops::get(&server.client(), &[&"item_1"]).await.unwrap();
    assert_eq!(item.id, "item_1");
    assert_eq!(server.count(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn rate_limit_honours_retry_after_http_date() {
    let server = flaky(1, || {
        let at = SystemTime::now() + Duration::from_secs(5);
        Reply::json(429, r#"{"kind":"rate_limited","message":"Slow down."}"#)
            .with_header("retry-after", &httpdate::fmt_http_date(at))
    });
    let started = Instant::now();
    let _: Item = ops::get(&server.client(), &[&"item_1"]).await.unwrap();
    assert_eq!(server.count(), 2);
    // An HTTP-date has one-second resolution: the wait is between 3 and 5 seconds.
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(3) && waited <= Duration::from_secs(5),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_beyond_the_cap_returns_the_error_without_sleeping() {
    let server = flaky(1, || {
        Reply::json(429, r#"{"kind":"rate_limited","message":"Slow down."}"#)
            .with_header("retry-after", "3600")
    });
    let client = server
        .builder()
        .retry(RetryPolicy::default().max_retry_after(Duration::from_secs(60)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS), "{err}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.count(), 1);
    assert_eq!(started.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn unavailable_is_retried_for_every_method() {
    let server = flaky(2, || {
        Reply::json(503, r#"{"kind":"unavailable","message":"Back soon."}"#)
            .with_header("retry-after", "2")
    });
    let started = Instant::now();
    let item: Item = ops::create::<Item, _>(&server.client(), &[], &serde_json::json!({"a": 1}))
        .await
        .unwrap();
    assert_eq!(item.id, "item_1");
    assert_eq!(server.count(), 3);
    assert!(started.elapsed() >= Duration::from_secs(4));
}

#[tokio::test(start_paused = true)]
async fn gateway_errors_are_retried_only_for_safe_methods() {
    let html = || Reply::status(502, "text/html", "<html><body>Bad gateway</body></html>");

    let server = flaky(1, html);
    let _: Item = ops::get(&server.client(), &[&"item_1"]).await.unwrap();
    assert_eq!(server.count(), 2, "GET retried");

    let server = flaky(1, html);
    let err = ops::create::<Item, _>(&server.client(), &[], &serde_json::json!({}))
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1, "POST not retried");
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert!(
        matches!(&err, Error::Api(api) if api.unexpected_body().is_some()),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("non-JSON error body (text/html)"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_the_configured_count_and_zero_disables_them() {
    let always = || TestServer::start(|_| Reply::json(503, r#"{"kind":"x","message":"y"}"#));

    let server = always();
    let client = server
        .builder()
        .retry(
            RetryPolicy::default()
                .max_retries(2)
                .initial_backoff(Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.count(), 3);

    let server = always();
    let client = server
        .builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_get_cut_off_mid_body_is_retried() {
    let server = flaky(1, || Reply::CutMidBody {
        declared: 200,
        sent: br#"{"id":"ite"#.to_vec(),
    });
    let item: Item = ops::get(&server.client(), &[&"item_1"]).await.unwrap();
    assert_eq!(item.id, "item_1");
    assert_eq!(server.count(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_post_that_failed_after_sending_is_not_retried() {
    for reply in [
        || Reply::Hangup,
        || Reply::CutMidBody {
            declared: 200,
            sent: b"{".to_vec(),
        },
    ] {
        let server = flaky(1, reply);
        let err = ops::create::<Item, _>(&server.client(), &[], &serde_json::json!({"url": "x"}))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        assert!(!err.is_connect() && !err.is_timeout(), "{err:?}");
        // One attempt: no count.
        assert!(err.to_string().starts_with("POST /items failed: "), "{err}");
        assert_eq!(server.count(), 1, "the POST reached the server once");
        assert_eq!(server.requests()[0].body, br#"{"url":"x"}"#);
    }
}

#[tokio::test(start_paused = true)]
async fn refused_connections_are_retried_then_reported() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = ittybit_runtime::Client::builder()
        .api_key("ittybit_test_secret")
        .base_url(format!("http://127.0.0.1:{port}"))
        .no_timeout()
        .retry(RetryPolicy::default().max_retries(2))
        .build()
        .unwrap();
    // Even a POST: a refused connection sent nothing.
    let err = ops::create::<Item, _>(&client, &[], &serde_json::json!({}))
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    let Error::Transport(transport) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(transport.attempts(), 3);
    assert_eq!(transport.request().method(), reqwest::Method::POST);
    assert!(
        err.is_retryable(),
        "a refused connection may be accepted later"
    );
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None, "no response");
    assert_eq!(
        err.request().map(ToString::to_string).as_deref(),
        Some("POST /items")
    );
    let text = err.to_string();
    assert!(
        text.starts_with("POST /items could not connect after 3 attempts"),
        "{text}"
    );
    assert!(!text.contains("ittybit_test_secret"));
}
