//! The builder's settings take effect: the caller's reqwest client, pacing checks, a limiter
//! of the caller's, no limiter, and the bound on requests in flight. Over real HTTP.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ittybit_runtime::http::StatusCode;
use ittybit_runtime::limit::{Admission, BoxError, LimitFuture, Limiter, Outcome};
#[cfg(feature = "pacing")]
use ittybit_runtime::limit::{LocalLimiter, Pacing};
use ittybit_runtime::{Error, ops};
use support::{Item, Reply, TestServer};

const ITEM: &str = r#"{"id":"item_1"}"#;

#[tokio::test]
async fn the_callers_reqwest_client_sends_the_requests() {
    let server = TestServer::start(|_| Reply::json(200, ITEM));
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-from", reqwest::header::HeaderValue::from_static("mine"));
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .unwrap();
    let client = server.builder().http_client(http).build().unwrap();
    let _: Item = ops::get(&client, &[&"item_1"]).await.unwrap();
    assert_eq!(server.requests()[0].header("x-from"), Some("mine"));
}

#[cfg(feature = "pacing")]
#[test]
fn a_pacing_that_sends_nothing_is_refused() {
    assert!(LocalLimiter::new(Pacing::per_second(5)).is_ok());
    for pacing in [Pacing::rate(1, Duration::ZERO), Pacing::per_second(0)] {
        let err = LocalLimiter::new(pacing).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(
            err.to_string()
                .contains("pacing needs at least one request"),
            "{err}"
        );
    }
}

/// Admits everything, or nothing when `fail` is set, and writes down what it hears.
#[derive(Debug, Default, Clone)]
struct Counting {
    fail: bool,
    acquired: Arc<Mutex<usize>>,
    outcomes: Arc<Mutex<Vec<Outcome>>>,
}

impl Limiter for Counting {
    fn acquire(&self, _max_pause: Duration) -> LimitFuture<'_, Result<Admission, BoxError>> {
        Box::pin(async move {
            *self.acquired.lock().unwrap() += 1;
            if self.fail {
                Err("the store is down".into())
            } else {
                Ok(Admission::new(0))
            }
        })
    }

    fn record(&self, _: Admission, outcome: Outcome) -> LimitFuture<'_, ()> {
        Box::pin(async move { self.outcomes.lock().unwrap().push(outcome) })
    }
}

#[tokio::test]
async fn a_limiter_of_the_callers_admits_every_attempt_and_hears_every_answer() {
    // A 429, a 503, a dropped connection, a 404, then the item.
    let server = TestServer::start(|request| match request.index {
        0 => Reply::json(429, r#"{"kind":"rate_limited","message":"Slow down."}"#)
            .with_header("retry-after", "0"),
        1 => Reply::json(503, r#"{"kind":"unavailable","message":"Back soon."}"#),
        2 => Reply::Hangup,
        3 => Reply::json(404, r#"{"kind":"not_found","message":"No."}"#),
        _ => Reply::json(200, ITEM),
    });
    let limiter = Counting::default();
    let client = server
        .builder()
        .retry(
            ittybit_runtime::retry::RetryPolicy::default()
                .max_retries(5)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
        .limiter(limiter.clone())
        .build()
        .unwrap();
    // The first call is retried through the 429, 503 and hangup, and ends at the 404.
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND), "{err:?}");
    let _: Item = ops::get(&client, &[&"item_1"]).await.unwrap();
    assert_eq!(*limiter.acquired.lock().unwrap(), 5);
    // Only a 429 speaks of the rate; server and transport failures say nothing of it.
    assert_eq!(
        *limiter.outcomes.lock().unwrap(),
        [
            Outcome::Throttled {
                pause: Duration::ZERO
            },
            Outcome::Failed,
            Outcome::Failed,
            Outcome::Passed,
            Outcome::Passed
        ]
    );
}

#[tokio::test]
async fn a_failing_limiter_fails_the_call_before_anything_is_sent() {
    let server = TestServer::start(|_| Reply::json(200, ITEM));
    let limiter = Counting {
        fail: true,
        ..Counting::default()
    };
    let client = server.builder().limiter(limiter).build().unwrap();
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert!(matches!(err, Error::Limiter(_)), "{err:?}");
    assert_eq!(
        err.request().map(ToString::to_string).as_deref(),
        Some("GET /items/item_1")
    );
    assert_eq!(
        err.to_string(),
        "GET /items/item_1: not sent: the rate limiter failed: the store is down"
    );
    assert_eq!(server.count(), 0);
}

/// Answers `429` with a long `Retry-After` to the first request, then `200`.
fn throttled_once() -> TestServer {
    TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(429, r#"{"kind":"rate_limited","message":"Slow down."}"#)
                .with_header("retry-after", "30")
        } else {
            Reply::json(200, ITEM)
        }
    })
}

#[tokio::test]
async fn by_default_a_429_holds_back_the_clients_next_call() {
    let server = throttled_once();
    let client = server
        .builder()
        .retry(ittybit_runtime::retry::RetryPolicy::disabled())
        .call_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let first = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert_eq!(first.status().map(|s| s.as_u16()), Some(429));
    // The pause is 30 s; the next call's budget runs out waiting, unsent.
    let next = ops::get::<Item>(&client, &[&"item_1"])
        .timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(matches!(next, Error::Deadline(_)), "{next:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn without_a_limiter_each_call_handles_its_own_429() {
    let server = throttled_once();
    let client = server
        .builder()
        .retry(ittybit_runtime::retry::RetryPolicy::disabled())
        .call_timeout(Duration::from_secs(20))
        .no_limiter()
        .build()
        .unwrap();
    let first = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert_eq!(first.status().map(|s| s.as_u16()), Some(429));
    let item: Item = ops::get(&client, &[&"item_1"]).await.unwrap();
    assert_eq!(item.id, "item_1");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn max_in_flight_holds_back_requests_beyond_it() {
    let server = TestServer::start(|_| Reply::Silence);
    let client = server.builder().max_in_flight(1).build().unwrap();
    let calls: Vec<_> = (0..3)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { ops::get::<Item>(&client, &[&"item_1"]).await })
        })
        .collect();
    while server.count() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The first request never ends, so the others must not be sent; give them time to try.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.count(), 1);
    for call in calls {
        call.abort();
    }
}

#[test]
fn a_refused_base_url_never_shows_its_password_or_query() {
    let bases = [
        "https://user:hunter2-secret@api ittybit.com",
        "https://user:hunter2-secret@api.ittybit.com/?x=1",
        "https://user:hunter2-secret@[::1/",
        "http://user:hunter2-secret@10.0.0.1",
        "ftp://user:hunter2-secret@api.ittybit.com",
        "https://user:hunter2/secret@api.ittybit.com",
        "https://user:hunter2#secret@api.ittybit.com",
        "https://user:hunter2?secret@api ittybit.com",
        "https://api.ittybit.com/?api_key=hunter2-secret",
        "https://api.ittybit.com/#hunter2-secret",
    ];
    for base in bases {
        let Err(err) = ittybit_runtime::Client::builder()
            .api_key("ittybit_test_secret")
            .base_url(base)
            .build()
        else {
            panic!("{base} was accepted");
        };
        let shown = format!("{err} {err:?}");
        assert!(matches!(err, Error::Config(_)), "{base}: {shown}");
        assert!(!shown.contains("hunter2"), "{base}: {shown}");
        assert!(!shown.contains("secret"), "{base}: {shown}");
    }
    let long = format!("https://{} x.example/", "a".repeat(100_000));
    let Err(err) = ittybit_runtime::Client::builder()
        .api_key("k")
        .base_url(&long)
        .build()
    else {
        panic!("a host with a space was accepted");
    };
    assert!(err.to_string().len() < 400, "{err}");
}

#[cfg(feature = "pacing")]
#[tokio::test]
async fn extreme_pacings_build_and_send_without_panicking() {
    let server = TestServer::start(|_| Reply::json(200, ITEM));
    let years = |n: u64| Duration::from_secs(n * 365 * 24 * 3600);
    let pacings = [
        Pacing::rate(1, Duration::MAX),
        Pacing::rate(1, years(600)),
        Pacing::rate(u32::MAX, Duration::MAX),
        Pacing::rate(1, Duration::from_secs(24 * 3600)).burst(u32::MAX),
        Pacing::rate(1, years(600)).burst(u32::MAX),
        Pacing::per_second(1_000_000_000).burst(u32::MAX),
    ];
    for pacing in pacings {
        let shared = LocalLimiter::new(pacing).unwrap();
        let client = server.builder().limiter(Arc::new(shared)).build().unwrap();
        let _: Item = ops::get(&client, &[&"item_1"]).await.unwrap();
    }
}

#[tokio::test]
async fn a_shared_pause_holds_each_client_no_longer_than_its_own_cap() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(429, r#"{"kind":"rate_limited","message":"Slow down."}"#)
                .with_header("retry-after", "864000")
        } else {
            Reply::json(200, ITEM)
        }
    });
    let shared = Arc::new(ittybit_runtime::limit::LocalLimiter::default());
    let with_cap = |cap: Duration| {
        server
            .builder()
            .retry(ittybit_runtime::retry::RetryPolicy::disabled().max_retry_after(cap))
            .call_timeout(Duration::from_secs(5))
            .limiter(Arc::clone(&shared))
            .build()
            .unwrap()
    };
    // A client that honours ten days meets `Retry-After: 864000`: the shared pause is long.
    let patient = with_cap(Duration::from_secs(864_000));
    let err = ops::get::<Item>(&patient, &[&"item_1"]).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS), "{err}");
    assert!(shared.paused_until().is_some());
    // A client sharing the limit, on a cap of 200 ms, waits that long at most, then sends.
    let hurried = with_cap(Duration::from_millis(200));
    let item: Item = ops::get(&hurried, &[&"item_1"]).await.unwrap();
    assert_eq!(item.id, "item_1");
    assert_eq!(server.count(), 2);
}

#[test]
fn debug_of_a_client_shows_its_settings_not_its_locks() {
    let client = ittybit_runtime::Client::builder()
        .api_key("ittybit_test_secret")
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(
        debug.contains("limiter: Some(LocalLimiter { pacing:"),
        "{debug}"
    );
    for internal in ["Mutex", "paused_until", "generation", "turn", "secret"] {
        assert!(!debug.contains(internal), "{internal} in {debug}");
    }
}
