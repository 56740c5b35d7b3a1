//! Time budgets and what a caller controls: ids, headers, cursors and extreme settings never
//! hang, panic or send something unintended. Over real HTTP; the client's clock is paused where
//! budgets are measured, so they take no wall time.

mod support;

use std::time::Duration;

use ittybit_runtime::__private::NoFilters;
use ittybit_runtime::error::{Budget, PaginationError};
use ittybit_runtime::http::header::{ACCEPT, AUTHORIZATION, HOST, HeaderName, HeaderValue};
use ittybit_runtime::retry::RetryPolicy;
use ittybit_runtime::wait::{Lifecycle, WaitOptions};
use ittybit_runtime::{Client, Cursor, Error, ItemStream, ListParams, Resource, ops};
use support::{Item, Reply, TestServer, items};

/// The longest id the client sends.
const MAX_ID_LEN: usize = 1024;

fn deadline(err: &Error) -> &ittybit_runtime::error::DeadlineError {
    match err {
        Error::Deadline(e) => e,
        other => panic!("expected a deadline error, got {other:?}"),
    }
}

#[test]
fn every_call_has_a_budget_by_default() {
    let client = Client::builder()
        .api_key("ittybit_test_secret")
        .build()
        .unwrap();
    assert_eq!(client.call_timeout(), Some(Duration::from_mins(2)));
    let client = Client::builder()
        .api_key("ittybit_test_secret")
        .no_call_timeout()
        .build()
        .unwrap();
    assert_eq!(client.call_timeout(), None);
}

// Budgets are measured in real time: with tokio's clock paused, time jumps ahead whenever the
// runtime waits for the server, which would fire a budget before an answer arrives.

#[tokio::test]
async fn a_call_against_a_silent_server_ends_when_its_budget_runs_out() {
    let server = TestServer::start(|_| Reply::Silence);
    let client = server
        .builder()
        .call_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    let e = deadline(&err);
    assert_eq!(e.budget(), Budget::Call);
    assert_eq!(e.limit(), Duration::from_millis(300));
    assert_eq!(e.attempts(), 1);
    assert_eq!(e.request().path(), "/items/item_1");
    assert_eq!(e.request().to_string(), "GET /items/item_1");
    assert_eq!(
        err.request().map(ToString::to_string).as_deref(),
        Some("GET /items/item_1")
    );
    assert!(e.waited() >= Duration::from_millis(300));
    assert!(err.is_timeout() && !err.is_retryable());
    assert!(
        err.to_string()
            .starts_with("GET /items/item_1: the call budget of 0.3s ran out after 1 attempt"),
        "{err}"
    );
}

#[tokio::test]
async fn an_attempt_that_times_out_is_a_retryable_timeout() {
    let server = TestServer::start(|_| Reply::Silence);
    let client = server
        .builder()
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        err.is_retryable(),
        "a later attempt may be answered in time"
    );
    assert!(!err.is_connect());
    let Error::Transport(transport) = &err else {
        unreachable!()
    };
    assert!(transport.is_timeout() && !transport.is_connect());
    assert!(
        err.to_string()
            .starts_with("GET /items/item_1 timed out (the timeout of one attempt): "),
        "{err}"
    );
}

#[tokio::test]
async fn a_budget_that_runs_out_after_a_failure_keeps_that_failure() {
    // A 503, then an attempt that is never answered.
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(503, r#"{"kind":"unavailable","message":"Back soon."}"#)
        } else {
            Reply::Silence
        }
    });
    // Long enough for the 503 to arrive on a loaded machine.
    let err = ops::get::<Item>(&server.client(), &[&"item_1"])
        .timeout(Duration::from_secs(2))
        .await
        .unwrap_err();
    let e = deadline(&err);
    assert_eq!(e.attempts(), 2);
    let last = e.last_error().expect("the 503 is kept");
    assert_eq!(last.status().map(|s| s.as_u16()), Some(503));
    // It is also the deadline's source.
    let source = std::error::Error::source(e).expect("a source");
    assert_eq!(source.to_string(), last.to_string());
}

#[tokio::test]
async fn a_budget_covers_retry_sleeps_and_a_sleep_past_it_is_not_made() {
    let server = TestServer::start(|_| {
        Reply::json(503, r#"{"kind":"unavailable","message":"Back soon."}"#)
            .with_header("retry-after", "2")
    });
    let err = ops::get::<Item>(&server.client(), &[&"item_1"])
        .timeout(Duration::from_secs(3))
        .await
        .unwrap_err();
    // Attempts at 0 s and 2 s; a third would start at 4 s, past the budget: the last failure
    // stands, and no sleep is started that the budget would cut.
    assert_eq!(server.count(), 2);
    assert!(err.status().is_some_and(|s| s.is_server_error()), "{err}");
}

#[tokio::test]
async fn a_per_call_budget_replaces_the_clients() {
    let server = TestServer::start(|_| Reply::Silence);
    let client = server
        .builder()
        .call_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = ops::get::<Item>(&client, &[&"a"]).await.unwrap_err();
    assert_eq!(deadline(&err).limit(), Duration::from_millis(100));
    let err = ops::get::<Item>(&client, &[&"a"])
        .timeout(Duration::from_millis(200))
        .await
        .unwrap_err();
    assert_eq!(deadline(&err).limit(), Duration::from_millis(200));
    assert_eq!(deadline(&err).attempts(), 1);
}

/// A resource that never finishes, for waits.
#[derive(Debug, serde::Deserialize)]
struct Job {
    id: String,
    status: String,
}

impl Resource for Job {
    const PATH: &'static str = "/jobs";
    type Filters = NoFilters;
    type Id = str;
    fn id(&self) -> &str {
        &self.id
    }
}

impl Lifecycle for Job {
    fn is_terminal(&self) -> bool {
        self.status == "done"
    }
    fn status_text(&self) -> String {
        self.status.clone()
    }
}

#[tokio::test]
async fn a_wait_deadline_holds_while_a_read_hangs() {
    // The first read answers "running"; every later one hangs.
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(200, r#"{"id":"job_1","status":"running"}"#)
        } else {
            Reply::Silence
        }
    });
    let client = server
        .builder()
        .call_timeout(Duration::from_mins(2))
        .build()
        .unwrap();
    let options = WaitOptions::default()
        .deadline(Duration::from_millis(500))
        .initial_interval(Duration::from_millis(50));
    let err = Job::wait_until_done(&client, "job_1", &options)
        .await
        .unwrap_err();
    // The hanging second read was cut by the wait's deadline, not by the 2 min call budget.
    let e = deadline(&err);
    assert_eq!(
        (e.budget(), e.limit()),
        (Budget::Wait, Duration::from_millis(500))
    );
    assert_eq!(e.last_status(), Some("running"));
    assert_eq!(e.attempts(), 2);
    assert_eq!(e.request().path(), "/jobs/job_1");
    assert!(
        e.last_error().is_none(),
        "the read was cut, it did not fail"
    );
    assert_eq!(server.count(), 2);
    assert!(
        err.to_string()
            .starts_with("/jobs/job_1 did not finish within the wait deadline of 0.5s"),
        "{err}"
    );
}

#[tokio::test]
async fn a_read_cut_by_the_clients_budget_is_not_the_waits_deadline() {
    let server = TestServer::start(|_| Reply::Silence);
    let client = server
        .builder()
        .call_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let options = WaitOptions::default().deadline(Duration::from_mins(1));
    let err = Job::wait_until_done(&client, "job_1", &options)
        .await
        .unwrap_err();
    // The wait had most of a minute left: the read's own budget ended it.
    let e = deadline(&err);
    assert_eq!(
        (e.budget(), e.limit()),
        (Budget::Call, Duration::from_millis(200))
    );
}

#[tokio::test(start_paused = true)]
async fn extreme_wait_settings_do_not_panic() {
    let server = TestServer::start(|request| {
        let status = if request.index < 2 { "running" } else { "done" };
        Reply::json(200, &format!(r#"{{"id":"job_1","status":"{status}"}}"#))
    });
    let options = WaitOptions::default()
        .deadline(Duration::MAX)
        .initial_interval(Duration::MAX)
        .max_interval(Duration::MAX);
    let job = Job::wait_until_done(&server.client(), "job_1", &options)
        .await
        .unwrap();
    assert_eq!(job.status, "done");
    let zero = WaitOptions::default().deadline(Duration::ZERO);
    let err = Job::wait_until_done(&server.client(), "job_1", &zero)
        .await
        .unwrap_err();
    assert_eq!(deadline(&err).budget(), Budget::Wait);
}

fn paginated(request: &support::Recorded) -> Reply {
    let n = request.index;
    let mut reply = Reply::json(200, &items(&[&format!("item_{n}")]));
    if n < 4 {
        reply = reply.with_header("link", &format!("</items?after=item_{n}>; rel=\"next\""));
    }
    reply
}

#[tokio::test]
async fn extreme_client_settings_saturate_or_clamp() {
    let server = TestServer::start(paginated);
    let client = server
        .builder()
        .timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .call_timeout(Duration::MAX)
        .prefetch(usize::MAX)
        .retry(
            RetryPolicy::default()
                .max_retries(u32::MAX)
                .initial_backoff(Duration::MAX)
                .max_backoff(Duration::MAX)
                .max_retry_after(Duration::MAX),
        )
        .build()
        .unwrap();
    assert_eq!(client.prefetch(), Client::MAX_PREFETCH);
    let all: Vec<Item> = ops::stream::<Item>(&client, &[], &ListParams::new())
        .prefetch(usize::MAX)
        .try_collect_all()
        .await;
    assert_eq!(all.len(), 5);
}

/// Collects a walk, panicking on an error.
trait CollectAll {
    async fn try_collect_all(self) -> Vec<Item>;
}

impl CollectAll for ItemStream<Item> {
    async fn try_collect_all(mut self) -> Vec<Item> {
        let mut all = Vec::new();
        while let Some(item) = self.try_next().await.unwrap() {
            all.push(item);
        }
        all
    }
}

#[tokio::test]
async fn a_zero_body_limit_refuses_every_non_empty_body() {
    let server = TestServer::start(|_| Reply::json(200, ""));
    let client = server.builder().max_body_size(0).build().unwrap();
    ops::delete::<Item>(&client, &[&"a"]).await.unwrap();
    let server = TestServer::start(|_| Reply::json(200, "{}"));
    let client = server.builder().max_body_size(0).build().unwrap();
    assert!(matches!(
        ops::delete::<Item>(&client, &[&"a"]).await.unwrap_err(),
        Error::BodyTooLarge(_)
    ));
}

#[tokio::test]
async fn an_overlong_id_is_refused_before_sending_with_a_bounded_message() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"id":"x"}"#));
    let client = server.client();
    let id = "x".repeat(100_000);
    let err = ops::get::<Item>(&client, &[&&id]).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains(&format!("over the limit of {MAX_ID_LEN}")),
        "{err}"
    );
    assert!(
        err.to_string().len() < 400,
        "{} bytes",
        err.to_string().len()
    );
    assert_eq!(server.count(), 0, "nothing sent, nothing retried");
    // At the limit it is sent.
    let _: Item = ops::get(&client, &[&&"x".repeat(MAX_ID_LEN)])
        .await
        .unwrap();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn error_messages_stay_bounded_for_long_paths() {
    let server = TestServer::start(|_| Reply::status(502, "text/html", &"<p>".repeat(10_000)));
    let client = server
        .builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = ops::get::<Item>(&client, &[&&"y".repeat(MAX_ID_LEN)])
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.len() < 700, "{} bytes: {text}", text.len());
    assert!(text.contains("(1031 bytes)"), "{text}");
    assert_eq!(
        err.request().unwrap().path().len(),
        7 + MAX_ID_LEN,
        "the path itself is whole"
    );
}

#[tokio::test]
async fn the_clients_own_headers_cannot_be_set_per_call() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"id":"item_1"}"#));
    let client = server.client();
    for name in [AUTHORIZATION, ACCEPT, HOST] {
        let err = ops::get::<Item>(&client, &[&"item_1"])
            .header(name.clone(), HeaderValue::from_static("x"))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{name}: {err:?}");
        assert!(err.to_string().contains(name.as_str()), "{err}");
    }
    assert_eq!(server.count(), 0);
    let _: Item = ops::get(&client, &[&"item_1"])
        .header(
            HeaderName::from_static("x-trace"),
            HeaderValue::from_static("1"),
        )
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("x-trace"), Some("1"));
    let auth: Vec<_> = request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .collect();
    assert_eq!(auth.len(), 1);
}

#[tokio::test]
async fn resume_cursors_must_address_exactly_the_list() {
    let server = TestServer::start(|_| Reply::json(200, &items(&["item_1"])));
    let client = server.client();
    assert!("/\\evil.example/items".parse::<Cursor>().is_err());
    for cursor in [
        "/x/../keys/items",
        "/admin/items",
        "/items/../keys",
        "/keys?after=item_1",
    ] {
        let cursor: Cursor = cursor.parse().unwrap();
        let err = ItemStream::<Item>::resume(&client, &cursor)
            .try_next()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::CursorMismatch { .. })),
            "{cursor}: {err}"
        );
    }
    assert_eq!(server.count(), 0, "nothing sent");
    // Normalised to the list itself, a cursor is fine.
    let cursor: Cursor = "/x/../items?after=item_0".parse().unwrap();
    let mut items = ItemStream::<Item>::resume(&client, &cursor);
    assert_eq!(items.try_next().await.unwrap().unwrap().id, "item_1");
    assert_eq!(server.requests()[0].target, "/items?after=item_0");
}

/// A list under another resource.
#[derive(Debug, serde::Deserialize)]
struct Child {
    id: String,
}

impl Resource for Child {
    const PATH: &'static str = "/parents/{parent_id}/children";
    type Filters = NoFilters;
    type Id = str;
    fn id(&self) -> &str {
        &self.id
    }
}

#[tokio::test]
async fn a_nested_list_needs_its_parent_and_never_sends_its_template() {
    let server = TestServer::start(|_| Reply::json(200, &items(&["child_1"])));
    let client = server.client();
    let err = ops::stream::<Child>(&client, &[], &ListParams::new())
        .try_next()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(
        err.to_string().contains("fewer values than placeholders"),
        "{err}"
    );
    assert_eq!(server.count(), 0);
    let mut children = ops::stream::<Child>(&client, &[&"parent_1"], &ListParams::new());
    assert_eq!(children.try_next().await.unwrap().unwrap().id, "child_1");
    assert_eq!(server.requests()[0].target, "/parents/parent_1/children");
}
