//! Tracing spans and the blocking facade, over real HTTP.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use ittybit_runtime::{ListParams, ops};
use support::{Item, Reply, TestServer, items};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Self;
    fn make_writer(&'a self) -> Self {
        self.clone()
    }
}

#[tokio::test(start_paused = true)]
async fn each_request_is_a_span_and_each_attempt_is_visible() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(503, r#"{"kind":"unavailable","message":"Back soon."}"#)
                .with_header("retry-after", "1")
        } else {
            Reply::json(200, r#"{"id":"item_secret_id"}"#)
        }
    });
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let _: Item = ops::get(&server.client(), &[&"item_secret_id?x=1"])
        .await
        .unwrap();

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("ittybit.request{method=GET path=/items/{id}"),
        "{log}"
    );
    assert!(log.contains("retrying attempt=1 delay_ms=1000"), "{log}");
    assert!(log.contains("503 Service Unavailable"), "{log}");
    let close = log
        .lines()
        .find(|l| l.contains("close"))
        .expect("a close event");
    for field in ["attempt=2", "status=200", "elapsed_ms="] {
        assert!(close.contains(field), "{field} missing: {close}");
    }
    // No secrets and no ids or query values in the spans.
    assert!(!log.contains("ittybit_test_secret"), "{log}");
    assert!(!log.contains("x=1"), "{log}");
}

#[test]
fn the_blocking_facade_gets_and_walks_without_a_runtime() {
    let server = TestServer::start(|request| match request.target.as_str() {
        "/items/item_1" => Reply::json(200, r#"{"id":"item_1"}"#),
        "/items?limit=2" => Reply::json(200, &items(&["a", "b"])).with_header("has-more", "true"),
        "/items?limit=2&after=b" => Reply::json(200, &items(&["c"])),
        other => panic!("unexpected {other}"),
    });
    let client = server.client();
    let item: Item = ops::get(&client, &[&"item_1"]).wait().unwrap();
    assert_eq!(item.id, "item_1");

    let iter = ops::stream::<Item>(&client, &[], &ListParams::new().limit(2)).blocking();
    let ids: Vec<String> = iter.map(|item| item.unwrap().id).collect();
    assert_eq!(ids, ["a", "b", "c"]);

    let mut pages = ops::pages::<Item>(&client, &[], &ListParams::new().limit(2)).blocking();
    assert_eq!(pages.next().unwrap().unwrap().len(), 2);
    assert_eq!(
        pages.stream().cursor().unwrap().as_str(),
        "/items?limit=2&after=b"
    );
}

#[tokio::test]
async fn blocking_inside_an_async_runtime_is_an_error_not_a_panic() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"id":"item_1"}"#));
    let err = ops::get::<Item>(&server.client(), &[&"item_1"])
        .wait()
        .unwrap_err();
    assert!(err.to_string().contains("inside an async runtime"), "{err}");
    let mut iter = ops::stream::<Item>(&server.client(), &[], &ListParams::new()).blocking();
    assert!(iter.next().unwrap().is_err());
    assert!(iter.next().is_none());
    assert_eq!(server.count(), 0);
}
