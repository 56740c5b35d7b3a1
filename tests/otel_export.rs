//! `examples/otel_traces.rs`: the request spans reach an OpenTelemetry exporter named for the
//! method and template, of kind client, with the HTTP client attributes as integers and text.

#[allow(
    dead_code,
    unreachable_pub,
    reason = "the example's `main` is not called here, and its items are public in the example"
)]
#[path = "../examples/otel_traces.rs"]
mod example;

use std::sync::{Arc, Mutex};

use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockServer, TaskSeed};
use opentelemetry::trace::{SpanKind, Status};
use opentelemetry::{Key, Value};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

/// Keeps every exported span.
#[derive(Debug, Clone, Default)]
struct Collect(Arc<Mutex<Vec<SpanData>>>);

impl SpanExporter for Collect {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        self.0.lock().unwrap().extend(batch);
        Ok(())
    }
}

/// An attribute of a span.
fn attribute(span: &SpanData, key: &str) -> Option<Value> {
    span.attributes
        .iter()
        .find(|kv| kv.key == Key::from(key.to_owned()))
        .map(|kv| kv.value.clone())
}

#[tokio::test(flavor = "current_thread")]
async fn spans_are_exported_with_the_http_client_conventions() {
    let collected = Collect::default();
    let (provider, subscriber) = example::tracing_to(collected.clone());
    let _default = tracing::subscriber::set_default(subscriber);
    let mock = MockServer::start_with(
        MockConfig::default().fault(FaultSchedule::every(3), Fault::Unavailable),
    )
    .await;
    let ids = mock.seed_tasks(TaskSeed::many(3));
    example::calls(&mock, &ids).await.unwrap();
    provider.shutdown().unwrap();

    let spans = collected.0.lock().unwrap().clone();
    let names: Vec<&str> = spans.iter().map(|span| span.name.as_ref()).collect();
    assert_eq!(names, ["GET /tasks/{id}", "GET /tasks", "GET /tasks/{id}"]);
    let port = i64::from(mock.addr().port());
    for span in &spans {
        assert_eq!(span.span_kind, SpanKind::Client, "{span:?}");
        assert_eq!(attribute(span, "http.request.method"), Some("GET".into()));
        assert_eq!(attribute(span, "server.address"), Some("127.0.0.1".into()));
        assert_eq!(attribute(span, "server.port"), Some(port.into()));
        let everything = format!("{:?} {:?}", span.name, span.attributes);
        assert!(!everything.contains(&ids[0]), "no id: {everything}");
        assert!(!everything.contains("task_missing"), "no id: {everything}");
        assert!(!everything.contains(mock.api_key()), "no key: {everything}");
    }
    let [got, listed, missing] = spans.as_slice() else {
        unreachable!()
    };
    assert_eq!(attribute(got, "url.template"), Some("/tasks/{id}".into()));
    assert_eq!(
        attribute(got, "http.response.status_code"),
        Some(200_i64.into())
    );
    assert_eq!(got.status, Status::Unset);
    assert_eq!(attribute(listed, "url.query"), Some("limit=2".into()));
    // The third request was answered 503, then retried: one resend, then the 404.
    assert_eq!(
        attribute(missing, "http.request.resend_count"),
        Some(1_i64.into())
    );
    assert_eq!(
        attribute(missing, "http.response.status_code"),
        Some(404_i64.into())
    );
    assert_eq!(attribute(missing, "error.type"), Some("404".into()));
    assert!(
        matches!(missing.status, Status::Error { .. }),
        "{:?}",
        missing.status
    );
}
