//! Hooks: log every attempt (retries included) and add a header to each.
//!
//! ```text
//! cargo run --example hooks
//! ```
//!
//! Runs against an embedded `ittybit-mock` that fails every third request with a 503, so the
//! log shows a retry.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use ittybit::hook::{AttemptRequest, AttemptResponse, Hook};
use ittybit::http::header::HeaderValue;
use ittybit::retry::RetryPolicy;
use ittybit::{Client, ListParams, Task};
use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockServer, TaskSeed};

/// Prints one line per attempt: method, path and query (never the key), status, time.
struct LogAttempts;

impl Hook for LogAttempts {
    fn on_response(&self, response: &AttemptResponse<'_>) {
        let url = response.url();
        let status = response
            .status()
            .map_or_else(|| "no answer".to_owned(), |s| s.to_string());
        println!(
            "  {} {}{} (attempt {}) -> {status} in {:.1?}",
            response.method(),
            url.path(),
            url.query().map(|q| format!("?{q}")).unwrap_or_default(),
            response.attempt(),
            response.elapsed(),
        );
    }
}

/// Tags every attempt with a request id of its own, as a tracing system would.
struct RequestId(AtomicU64);

impl Hook for RequestId {
    fn on_request(&self, request: &mut AttemptRequest<'_>) {
        let id = self.0.fetch_add(1, Ordering::Relaxed);
        if let Ok(value) = HeaderValue::from_str(&format!("req-{id}")) {
            request.headers_mut().insert("x-request-id", value);
        }
    }
}

#[tokio::main]
async fn main() -> ittybit::Result<()> {
    let config = MockConfig::default()
        .seed_tasks(TaskSeed::many(5))
        .fault(FaultSchedule::every(3), Fault::Unavailable);
    let mock = MockServer::start_with(config).await;

    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(50)))
        .hook(RequestId(AtomicU64::new(1)))
        .hook(LogAttempts)
        .build()?;

    println!("walking the tasks, two per page:");
    let mut tasks = Task::stream(&client, &ListParams::new().limit(2));
    let mut count = 0;
    while let Some(_task) = tasks.try_next().await? {
        count += 1;
    }
    println!("walked {count} tasks");
    Ok(())
}
