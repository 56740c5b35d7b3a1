//! Delivery of events to webhook endpoints: bodies, order, topics, retries, giving up, the
//! plain-HTTP rule, and requests that never wait for a receiver.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use ittybit_mock::{MockConfig, MockStats};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;

use crate::common::{Api, expect, expect_invalid};

/// A guard against a hung test, not a measurement: every wait here ends long before it.
const GUARD: Duration = Duration::from_secs(60);

/// What a receiver got: the `Content-Type` and the body.
#[derive(Debug)]
struct Received {
    content_type: Option<String>,
    body: Value,
}

/// What a receiver's handler shares.
#[derive(Clone)]
struct Script {
    /// Statuses to answer, in order; `200` once they run out.
    answers: Arc<Mutex<VecDeque<u16>>>,
    /// When set, every request waits for a notification before it is answered.
    hold: Option<Arc<Notify>>,
    got: mpsc::UnboundedSender<Received>,
}

/// A webhook receiver on `127.0.0.1`, port 0; stops when dropped.
struct Receiver {
    url: String,
    got: mpsc::UnboundedReceiver<Received>,
    server: JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Receiver {
    /// A receiver answering `answers` in order, then `200`.
    async fn start(answers: &[u16]) -> Self {
        Self::start_with(answers, None).await
    }

    async fn start_with(answers: &[u16], hold: Option<Arc<Notify>>) -> Self {
        let (sender, got) = mpsc::unbounded_channel();
        let script = Script {
            answers: Arc::new(Mutex::new(answers.iter().copied().collect())),
            hold,
            got: sender,
        };
        let app = Router::new()
            .route("/hook", post(receive))
            .with_state(script);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { url, got, server }
    }

    /// The next request it got.
    async fn next(&mut self) -> Received {
        tokio::time::timeout(GUARD, self.got.recv())
            .await
            .expect("no delivery arrived")
            .expect("receiver stopped")
    }

    /// The bodies of the next `n` requests.
    async fn bodies(&mut self, n: usize) -> Vec<Value> {
        let mut bodies = Vec::with_capacity(n);
        for _ in 0..n {
            bodies.push(self.next().await.body);
        }
        bodies
    }

    /// Asserts nothing else has arrived.
    fn assert_nothing_more(&mut self) {
        if let Ok(extra) = self.got.try_recv() {
            panic!("unexpected delivery: {extra:?}");
        }
    }
}

/// The receiver's handler: records the request, then answers the next scripted status.
async fn receive(State(script): State<Script>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let content_type = headers
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned());
    let body = serde_json::from_slice(&body).unwrap();
    script.got.send(Received { content_type, body }).unwrap();
    if let Some(hold) = &script.hold {
        hold.notified().await;
    }
    let status = script.answers.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap()
}

/// A mock accepting loopback receivers, retrying fast.
async fn mock(attempts: u32) -> Api {
    Api::with(
        MockConfig::default()
            .allow_http_webhooks(true)
            .webhook_attempts(attempts)
            .webhook_backoff(Duration::from_millis(1)),
    )
    .await
}

/// Registers an endpoint and returns it.
async fn register(api: &Api, url: &str, topics: &[&str]) -> Value {
    let reply = api
        .post(
            "/webhooks/endpoints",
            &json!({"url": url, "topics": topics}),
        )
        .await;
    expect(&reply, 201);
    reply.json()
}

/// Waits until the stats satisfy `done`, and returns them.
async fn stats_when(api: &Api, done: impl Fn(&MockStats) -> bool) -> MockStats {
    tokio::time::timeout(GUARD, async {
        loop {
            let stats = api.mock.stats();
            if done(&stats) {
                return stats;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await
    .expect("deliveries did not finish")
}

/// Every event, oldest first.
async fn events(api: &Api) -> Vec<Value> {
    let reply = api.get("/events?order=asc&limit=100").await;
    expect(&reply, 200);
    reply.json().as_array().unwrap().clone()
}

#[tokio::test]
async fn every_event_reaches_each_receiving_endpoint_once_in_order() {
    let api = mock(5).await;
    let mut everything = Receiver::start(&[]).await;
    let mut successes = Receiver::start(&[]).await;
    register(&api, &everything.url, &[]).await;
    register(&api, &successes.url, &["task.succeeded", "run.succeeded"]).await;

    let task = api.create_task("https://example.com/a.mp4").await;
    let path = format!("/tasks/{}", task["id"].as_str().unwrap());
    while api.get(&path).await.json()["status"] != "succeeded" {}
    let events = events(&api).await;
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "run.created",
            "task.created",
            "task.updated",
            "run.updated",
            "task.updated",
            "run.updated",
            "task.succeeded",
            "run.succeeded"
        ]
    );

    let first = everything.next().await;
    assert_eq!(first.content_type.as_deref(), Some("application/json"));
    let mut bodies = vec![first.body];
    bodies.extend(everything.bodies(events.len() - 1).await);
    assert_eq!(bodies, events, "bodies are the events, in order");
    let wanted: Vec<Value> = events
        .iter()
        .filter(|e| e["kind"] == "task.succeeded" || e["kind"] == "run.succeeded")
        .cloned()
        .collect();
    assert_eq!(successes.bodies(2).await, wanted);

    let total = u64::try_from(events.len() + 2).unwrap();
    let stats = stats_when(&api, |s| s.webhooks_delivered == total).await;
    assert_eq!(stats.webhook_attempts, total);
    assert_eq!(stats.webhooks_failed, 0);
    everything.assert_nothing_more();
    successes.assert_nothing_more();
}

#[tokio::test]
async fn a_deleted_endpoint_receives_nothing_more() {
    let api = mock(5).await;
    let mut receiver = Receiver::start(&[]).await;
    let endpoint = register(&api, &receiver.url, &["run.created"]).await;
    api.create_task("https://example.com/a.mp4").await;
    assert_eq!(receiver.next().await.body["kind"], "run.created");
    let path = format!("/webhooks/endpoints/{}", endpoint["id"].as_str().unwrap());
    expect(&api.delete(&path).await, 204);
    api.create_task("https://example.com/b.mp4").await;
    // A second endpoint proves the second run's events were sent out before looking.
    let mut witness = Receiver::start(&[]).await;
    register(&api, &witness.url, &["run.created"]).await;
    api.create_task("https://example.com/c.mp4").await;
    assert_eq!(witness.next().await.body["kind"], "run.created");
    stats_when(&api, |s| s.webhooks_delivered == 2).await;
    receiver.assert_nothing_more();
}

#[tokio::test]
async fn refused_deliveries_are_retried_until_one_succeeds() {
    let api = mock(5).await;
    let mut receiver = Receiver::start(&[500, 500]).await;
    register(&api, &receiver.url, &["run.created"]).await;
    api.create_task("https://example.com/a.mp4").await;
    let bodies = receiver.bodies(3).await;
    assert_eq!(bodies[0]["kind"], "run.created");
    assert!(bodies.iter().all(|body| *body == bodies[0]), "{bodies:?}");
    let stats = stats_when(&api, |s| s.webhooks_delivered == 1).await;
    assert_eq!((stats.webhook_attempts, stats.webhooks_failed), (3, 0));
    receiver.assert_nothing_more();
}

#[tokio::test]
async fn deliveries_are_given_up_after_the_last_attempt_and_later_events_still_go() {
    let api = mock(2).await;
    // Both attempts of the first event fail; the second event is accepted at once.
    let mut receiver = Receiver::start(&[503, 404]).await;
    register(&api, &receiver.url, &["run.created", "task.created"]).await;
    api.create_task("https://example.com/a.mp4").await;
    let bodies = receiver.bodies(3).await;
    let kinds: Vec<&Value> = bodies.iter().map(|body| &body["kind"]).collect();
    assert_eq!(kinds, ["run.created", "run.created", "task.created"]);
    let stats = stats_when(&api, |s| s.webhooks_delivered == 1).await;
    assert_eq!((stats.webhook_attempts, stats.webhooks_failed), (3, 1));
}

#[tokio::test]
async fn requests_never_wait_for_a_receiver() {
    let api = mock(1).await;
    let hold = Arc::new(Notify::new());
    let mut receiver = Receiver::start_with(&[], Some(Arc::clone(&hold))).await;
    register(&api, &receiver.url, &[]).await;
    let task = api.create_task("https://example.com/a.mp4").await;
    // The receiver holds its first request open; the API answers meanwhile.
    assert_eq!(receiver.next().await.body["kind"], "run.created");
    let path = format!("/tasks/{}", task["id"].as_str().unwrap());
    for _ in 0..3 {
        expect(&api.get(&path).await, 200);
    }
    // One delivery at a time per endpoint: the next waits for the held one.
    receiver.assert_nothing_more();
    assert_eq!(api.mock.stats().webhooks_delivered, 0);
    let total = events(&api).await.len();
    assert_eq!(total, 8);
    hold.notify_one();
    assert_eq!(receiver.next().await.body["kind"], "task.created");
    hold.notify_one();
    for _ in 2..total {
        receiver.next().await;
        hold.notify_one();
    }
    let total = u64::try_from(total).unwrap();
    stats_when(&api, |s| s.webhooks_delivered == total).await;
    receiver.assert_nothing_more();
}

#[tokio::test]
async fn plain_http_urls_are_refused_unless_allowed_and_then_only_on_loopback() {
    let strict = Api::start().await;
    expect_invalid(
        &strict,
        "/webhooks/endpoints",
        &[
            (json!({"url": "http://127.0.0.1:9/hook"}), "`url`"),
            (json!({"url": "http://localhost/hook"}), "`url`"),
        ],
    )
    .await;

    let relaxed = mock(1).await;
    expect_invalid(
        &relaxed,
        "/webhooks/endpoints",
        &[
            (json!({"url": "http://hooks.example.com/hook"}), "`url`"),
            (json!({"url": "http://127.0.0.1@example.com/"}), "`url`"),
            (json!({"url": "ftp://127.0.0.1/"}), "`url`"),
        ],
    )
    .await;
    for url in [
        "http://127.0.0.1:9/hook",
        "http://[::1]:9/",
        "http://localhost/",
        "https://hooks.example.com/",
    ] {
        register(&relaxed, url, &[]).await;
    }
    let endpoint = register(&relaxed, "http://127.0.0.1:9/hook", &[]).await;
    let path = format!("/webhooks/endpoints/{}", endpoint["id"].as_str().unwrap());
    let bad = relaxed
        .patch(&path, &json!({"url": "http://hooks.example.com/"}))
        .await;
    expect(&bad, 400);
    assert!(bad.message().contains("`url`"), "{}", bad.message());
}
