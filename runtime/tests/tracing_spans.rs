//! Tracing spans, over real HTTP: each call is one span whose fields carry OpenTelemetry's HTTP
//! client attributes, asserted here by those names.
//!
//! The subscriber is the process's global default, installed once: tracing caches each
//! callsite's interest process-wide, so a subscriber set per test (`set_default`) sees only the
//! callsites no other thread registered first. This binary holds only the tests that read
//! spans; each finds its own by the port of its server (`server.port`).

mod support;

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use ittybit_runtime::http::StatusCode;
use ittybit_runtime::retry::RetryPolicy;
use ittybit_runtime::{Client, ListParams, ops};
use serde_json::Value;
use support::{Item, Reply, TestServer, items};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Subscriber, span};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// A span as it closed: its name and the fields recorded on it, by name.
#[derive(Debug, Clone, Default)]
struct Closed {
    name: &'static str,
    fields: BTreeMap<String, String>,
}

impl Closed {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// Records field values as text, `&str`s without quotes.
struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

/// Keeps every closed span with its fields.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Closed>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut closed = Closed {
            name: attrs.metadata().name(),
            fields: BTreeMap::new(),
        };
        attrs.record(&mut Fields(&mut closed.fields));
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(closed);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(closed) = span.extensions_mut().get_mut::<Closed>()
        {
            values.record(&mut Fields(&mut closed.fields));
        }
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(&id)
            && let Some(closed) = span.extensions_mut().remove::<Closed>()
        {
            self.0.lock().unwrap().push(closed);
        }
    }
}

/// The formatted log, for the events inside spans.
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

/// The spans and log of the whole process, captured from the first call on.
fn captured() -> &'static (Capture, Buffer) {
    static CAPTURED: OnceLock<(Capture, Buffer)> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let capture = Capture::default();
        let buffer = Buffer::default();
        let subscriber = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(buffer.clone())
                    .with_ansi(false),
            )
            .with(capture.clone())
            .with(tracing_subscriber::filter::LevelFilter::DEBUG);
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        (capture, buffer)
    })
}

/// The closed request spans of the server on `port`, in the order they closed.
fn spans_of(port: u16) -> Vec<Closed> {
    let port = port.to_string();
    captured()
        .0
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|span| span.field("server.port") == Some(port.as_str()))
        .cloned()
        .collect()
}

/// The port of a test server's URL.
fn port_of(server: &TestServer) -> u16 {
    server.url.rsplit(':').next().unwrap().parse().unwrap()
}

/// Every field and the name, for checks that nothing secret is anywhere in a span.
fn everything(span: &Closed) -> String {
    format!("{} {:?}", span.name, span.fields)
}

#[tokio::test(start_paused = true)]
async fn a_request_span_carries_the_http_client_attributes() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(503, r#"{"kind":"unavailable","message":"Back soon."}"#)
                .with_header("retry-after", "1")
        } else {
            Reply::json(200, r#"{"id":"item_secret_id"}"#)
        }
    });
    captured();

    let _: Item = ops::get(&server.client(), &[&"item_secret_id?x=1"])
        .await
        .unwrap();

    let spans = spans_of(port_of(&server));
    let [span] = spans.as_slice() else {
        panic!("one span: {spans:?}")
    };
    assert_eq!(span.name, "ittybit.request");
    let expected = [
        ("otel.name", "GET /items/{id}"),
        ("otel.kind", "client"),
        ("http.request.method", "GET"),
        ("url.template", "/items/{id}"),
        ("server.address", "127.0.0.1"),
        ("http.response.status_code", "200"),
        ("http.request.resend_count", "1"),
    ];
    for (name, value) in expected {
        assert_eq!(span.field(name), Some(value), "{name}: {span:?}");
    }
    for absent in ["error.type", "otel.status_code", "url.query"] {
        assert_eq!(span.field(absent), None, "{absent}: {span:?}");
    }
    // No key, and no id or query value anywhere in the span.
    let all = everything(span);
    for secret in ["ittybit_test_secret", "item_secret_id", "x=1"] {
        assert!(!all.contains(secret), "{secret}: {all}");
    }
    // The retry is an event inside the span.
    let log = String::from_utf8(captured().1.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("retrying attempt=1 delay_ms=1000"), "{log}");
    assert!(log.contains("503 Service Unavailable"), "{log}");
    assert!(!log.contains("ittybit_test_secret"), "{log}");
}

#[tokio::test]
async fn a_walk_shows_each_pages_query_and_no_resend_without_retries() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(200, &items(&["walk_1"])).with_header("has-more", "true")
        } else {
            Reply::json(200, &items(&["walk_2"]))
        }
    });
    captured();
    let mut walk =
        ops::stream::<Item>(&server.client(), &[], &ListParams::new().limit(1)).prefetch(0);
    while walk.try_next().await.unwrap().is_some() {}

    let spans = spans_of(port_of(&server));
    let queries: Vec<Option<&str>> = spans.iter().map(|s| s.field("url.query")).collect();
    assert_eq!(queries, [Some("limit=1"), Some("limit=1&after=walk_1")]);
    for span in &spans {
        assert_eq!(span.field("otel.name"), Some("GET /items"), "{span:?}");
        assert_eq!(span.field("http.request.resend_count"), None, "{span:?}");
        assert!(!span.field("otel.name").unwrap().contains("walk_1"));
    }
}

#[tokio::test]
async fn a_failed_call_names_its_error_type() {
    let server = TestServer::start(|_| {
        Reply::json(
            404,
            r#"{"kind":"item_not_found","message":"No such item."}"#,
        )
    });
    captured();
    let err = ops::get::<Item>(&server.client(), &[&"item_9"])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND), "{err}");
    let spans = spans_of(port_of(&server));
    let [span] = spans.as_slice() else {
        panic!("one span: {spans:?}")
    };
    assert_eq!(span.field("error.type"), Some("404"), "{span:?}");
    assert_eq!(span.field("otel.status_code"), Some("ERROR"), "{span:?}");
    assert_eq!(span.field("http.response.status_code"), Some("404"));
}

#[tokio::test]
async fn a_connection_refused_is_a_connect_error_type() {
    // Bind a port, then free it, so that nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    captured();
    let client = Client::builder()
        .api_key("ittybit_test_secret")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert!(err.is_connect(), "{err}");
    let spans = spans_of(port);
    let [span] = spans.as_slice() else {
        panic!("one span: {spans:?}")
    };
    assert_eq!(span.field("error.type"), Some("connect"), "{span:?}");
    assert_eq!(span.field("http.response.status_code"), None);
}

#[tokio::test]
async fn an_untyped_call_is_named_by_its_method_alone() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"id":"thing_1"}"#));
    captured();
    let _: Value = server
        .client()
        .path("/things/thing_secret")
        .get()
        .await
        .unwrap();
    let spans = spans_of(port_of(&server));
    let [span] = spans.as_slice() else {
        panic!("one span: {spans:?}")
    };
    assert_eq!(span.field("otel.name"), Some("GET"), "{span:?}");
    assert_eq!(span.field("url.template"), None, "{span:?}");
    assert!(!everything(span).contains("thing_secret"), "{span:?}");
}
