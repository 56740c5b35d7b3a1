//! Receive webhooks: an axum receiver that decodes the events the API sends and prints them.
//!
//! ```text
//! cargo run --example webhooks
//! ```
//!
//! Everything runs locally and ends by itself: an embedded `ittybit-mock` (told to accept a
//! plain-HTTP endpoint on 127.0.0.1, which the real API would refuse: it wants HTTPS), a
//! receiver on 127.0.0.1, an endpoint registered for every event kind, one task created and
//! waited for, then each delivered event printed as decoded by `ittybit::webhook`.
//!
//! The API documents no signature scheme, so the receiver verifies nothing; the `webhook`
//! module's docs show where a check of your own would go.

use std::process::ExitCode;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use ittybit::http::StatusCode;
use ittybit::prelude::*;
use ittybit::wait::{Lifecycle, WaitOptions};
use ittybit::{
    Client, Event, EventData, EventKind, ListParams, NewTask, NewWebhookEndpoint, Task, TaskKind,
    WebhookEndpoint,
};
use ittybit_mock::{MockConfig, MockServer};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// How long to wait for the deliveries before giving up.
const PATIENCE: Duration = Duration::from_secs(30);

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `POST /ittybit`: decode the event, hand it on, and answer `204` quickly (the API wants a
/// `2xx` within five seconds; slow work belongs after the answer). A body that is not an event
/// gets the status the error suggests, and the sender tries again later.
async fn receive(State(inbox): State<mpsc::UnboundedSender<Event>>, body: Bytes) -> StatusCode {
    match ittybit::webhook::from_slice(&body) {
        Ok(event) => {
            // The example's main task may have stopped listening; the answer is the same.
            let _ = inbox.send(event);
            StatusCode::NO_CONTENT
        }
        Err(err) => {
            eprintln!("refused a webhook: {err}");
            err.status()
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The API: an embedded mock that delivers to plain-HTTP loopback endpoints.
    let mock = MockServer::start_with(MockConfig::default().allow_http_webhooks(true)).await;
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .build()?;

    // 2. The receiver, on a free port of 127.0.0.1.
    let (events, mut received) = mpsc::unbounded_channel();
    let app = Router::new()
        .route("/ittybit", post(receive))
        .with_state(events);
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/ittybit", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!("receiver listening on {url}");

    // 3. Register it for every event kind (empty topics).
    let endpoint = WebhookEndpoint::create(&client, &NewWebhookEndpoint::new(&url, vec![])).await?;
    println!("registered {} ({})", endpoint.id, endpoint.status);

    // 4. Create a task and wait for it to finish.
    let task = Task::create(
        &client,
        &NewTask::new("https://example.com/media/skateboard.mp4", TaskKind::Video),
    )
    .await?;
    let options = WaitOptions::default().initial_interval(Duration::from_millis(50));
    let task = Task::wait_until_done(&client, &task.id, &options).await?;
    println!("task {} finished: {}", task.id, task.status);

    // 5. Print every event the receiver got: as many as the API recorded.
    let recorded = Event::stream(&client, &ListParams::new().limit(100))
        .try_collect::<Vec<Event>>()
        .await?
        .len();
    println!("the API recorded {recorded} events; received:");
    for n in 1..=recorded {
        let event = tokio::time::timeout(PATIENCE, received.recv())
            .await
            .map_err(|_| format!("only {} of {recorded} events arrived", n - 1))?
            .ok_or("the receiver stopped")?;
        println!("  {n}. {}", describe(&event));
    }
    // The mock counts a delivery once the receiver's answer is in, just after the event arrived.
    let all = u64::try_from(recorded)?;
    let stats = tokio::time::timeout(PATIENCE, async {
        loop {
            let stats = mock.stats();
            if stats.webhooks_delivered + stats.webhooks_failed >= all {
                return stats;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await?;
    println!(
        "mock: {} delivered, {} given up, {} attempts",
        stats.webhooks_delivered, stats.webhooks_failed, stats.webhook_attempts
    );
    Ok(())
}

/// One line about an event: its id and kind, and the snapshot's id and status.
fn describe(event: &Event) -> String {
    let about = match &event.data {
        EventData::Task(task) if event.kind == EventKind::TaskSucceeded => match task.output() {
            Some(output) => format!("task {}: succeeded, output {}", task.id, output.url),
            None => format!("task {}: succeeded", task.id),
        },
        EventData::Task(task) => format!("task {}: {}", task.id, task.status),
        EventData::Run(run) => format!("run {}: {}", run.id, run.status),
        _ => "a kind this version does not know".to_owned(),
    };
    format!("{} {:<15} {about}", event.id, event.kind.as_str())
}
