//! The client's request spans exported with OpenTelemetry, printed to stdout.
//!
//! ```text
//! cargo run --example otel_traces
//! ```
//!
//! Each call is a `tracing` span whose fields are OpenTelemetry's HTTP client attributes
//! (`http.request.method`, `url.template`, `server.address`, `http.response.status_code`,
//! `http.request.resend_count`, `error.type`) and whose `otel.name` and `otel.kind` become the
//! span's name (`GET /tasks/{id}`: never an id) and kind (`Client`); `tracing-opentelemetry`
//! hands them to an OpenTelemetry tracer. Here the exporter prints each span; in production it
//! would be an OTLP exporter (`opentelemetry-otlp`) instead. Runs against an embedded
//! `ittybit-mock` that answers every third request `503`, so one span shows a resend.

use ittybit::{Client, ListParams, Task};
use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockServer, TaskSeed};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::{SdkTracerProvider, SpanExporter};
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Layer as _, SubscriberExt};

/// A tracer provider exporting each span as it ends, and a `tracing` subscriber feeding it.
pub fn tracing_to(
    exporter: impl SpanExporter + 'static,
) -> (SdkTracerProvider, impl tracing::Subscriber + Send + Sync) {
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter)
        .build();
    let tracer = provider.tracer("ittybit");
    // The client's spans and their events; not the HTTP stack's own debug events.
    let only_ittybit = Targets::new().with_target("ittybit_runtime", Level::INFO);
    let subscriber = tracing_subscriber::registry().with(
        tracing_opentelemetry::layer()
            .with_tracer(tracer)
            .with_filter(only_ittybit),
    );
    (provider, subscriber)
}

/// A few calls against the mock: a get, a list, and a `404` (retried once after a `503`).
///
/// # Errors
///
/// If the client cannot be built or the get or the list fails.
pub async fn calls(mock: &MockServer, ids: &[String]) -> ittybit::Result<()> {
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .build()?;
    let task = Task::get(&client, &ids[0]).await?;
    println!("got {} ({})", task.id, task.status);
    let page = Task::list(&client, &ListParams::new().limit(2)).await?;
    println!("listed {} tasks", page.len());
    let missing = Task::get(&client, "task_missing").await;
    println!(
        "task_missing: {:?}",
        missing.err().and_then(|err| err.status())
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (provider, subscriber) = tracing_to(opentelemetry_stdout::SpanExporter::default());
    tracing::subscriber::set_global_default(subscriber)?;

    let mock = MockServer::start_with(
        MockConfig::default().fault(FaultSchedule::every(3), Fault::Unavailable),
    )
    .await;
    let ids = mock.seed_tasks(TaskSeed::many(3));
    calls(&mock, &ids).await?;
    provider.shutdown()?;
    Ok(())
}
