//! Tracing spans, over real HTTP.
//!
//! The subscriber is the process's global default, installed once: tracing caches each
//! callsite's interest process-wide, so a subscriber set per test (`set_default`) sees only the
//! callsites no other thread registered first. This binary holds only the tests that read the
//! log, and each reads only the lines of its own span.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

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

/// The log of the whole process, captured from the first call on.
fn log() -> &'static Buffer {
    static LOG: OnceLock<Buffer> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Buffer::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(buffer.clone())
            .with_max_level(tracing::Level::DEBUG)
            .with_span_events(FmtSpan::CLOSE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        buffer
    })
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
    let buffer = log();

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
        .find(|l| l.contains("close") && l.contains("path=/items/{id}"))
        .expect("a close event");
    // Each field once, the outcome recorded when the call ends.
    for field in ["attempts=2", "status=200", "elapsed_ms="] {
        assert_eq!(close.matches(field).count(), 1, "{field}: {close}");
    }
    assert!(!close.contains("query="), "a get has no query: {close}");
    // No secrets and no ids or query values in the spans.
    assert!(!log.contains("ittybit_test_secret"), "{log}");
    assert!(!log.contains("x=1"), "{log}");
}

#[tokio::test]
async fn a_walk_shows_each_pages_query_and_cursor() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(200, &items(&["walk_1"])).with_header("has-more", "true")
        } else {
            Reply::json(200, &items(&["walk_2"]))
        }
    });
    let buffer = log();
    let mut walk =
        ops::stream::<Item>(&server.client(), &[], &ListParams::new().limit(1)).prefetch(0);
    while walk.try_next().await.unwrap().is_some() {}

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    let spans: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("close") && l.contains("query=limit=1"))
        .collect();
    assert_eq!(spans.len(), 2, "{log}");
    assert!(
        spans[0].contains("query=limit=1 attempts=1 status=200"),
        "{}",
        spans[0]
    );
    assert!(
        spans[1].contains("query=limit=1&after=walk_1 attempts=1"),
        "{}",
        spans[1]
    );
}
