//! Webhooks end to end: the mock delivers events to a receiver in this test, which decodes them
//! with `ittybit::webhook`; and the decoder's errors and limit.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use ittybit::http::StatusCode;
use ittybit::prelude::*;
use ittybit::wait::{Lifecycle, WaitOptions};
use ittybit::webhook::{self, WebhookError};
use ittybit::{
    Event, EventData, EventKind, ListParams, NewTask, NewWebhookEndpoint, Order, Task, TaskKind,
    TaskStatus, WebhookEndpoint,
};
use ittybit_mock::MockConfig;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A guard against a hung test, not a measurement.
const GUARD: Duration = Duration::from_secs(60);

/// What the receiver's handler shares: the header it requires, if any, and where decoded
/// events (or why a delivery was refused) go.
#[derive(Clone)]
struct Inbox {
    require: Option<&'static str>,
    events: mpsc::UnboundedSender<Result<Event, String>>,
}

/// Decodes a delivery and answers as the decoder suggests; without the required header, `401`.
async fn receive(State(inbox): State<Inbox>, headers: HeaderMap, body: Bytes) -> StatusCode {
    if let Some(name) = inbox.require
        && headers.get(name).is_none()
    {
        let why = format!("no {name} (content-type {:?})", headers.get("content-type"));
        inbox.events.send(Err(why)).unwrap();
        return StatusCode::UNAUTHORIZED;
    }
    let decoded = webhook::from_slice(&body);
    let status = match &decoded {
        Ok(_) => StatusCode::NO_CONTENT,
        Err(err) => err.status(),
    };
    inbox
        .events
        .send(decoded.map_err(|err| err.to_string()))
        .unwrap();
    status
}

/// A receiver on 127.0.0.1, port 0: its URL and what it decodes.
async fn receiver(
    require: Option<&'static str>,
) -> (String, mpsc::UnboundedReceiver<Result<Event, String>>) {
    let (events, received) = mpsc::unbounded_channel();
    let inbox = Inbox { require, events };
    let app = Router::new()
        .route("/ittybit", post(receive))
        .with_state(inbox);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/ittybit", listener.local_addr().unwrap());
    // The server task ends with the test's runtime.
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

async fn next<T>(received: &mut mpsc::UnboundedReceiver<T>) -> T {
    tokio::time::timeout(GUARD, received.recv())
        .await
        .expect("no delivery arrived")
        .expect("receiver stopped")
}

#[tokio::test]
async fn the_mock_delivers_every_event_and_each_decodes_to_its_typed_payload() {
    let (_mock, client) = common::start(
        MockConfig::default()
            .allow_http_webhooks(true)
            .webhook_backoff(Duration::from_millis(1)),
    )
    .await;
    let (url, mut received) = receiver(None).await;
    let endpoint = WebhookEndpoint::create(&client, &NewWebhookEndpoint::new(&url, vec![]))
        .await
        .unwrap();
    assert_eq!(endpoint.url, url);

    let ok = Task::create(
        &client,
        &NewTask::new("https://example.com/a.mp4", TaskKind::Video),
    )
    .await
    .unwrap();
    let failing = Task::create(
        &client,
        &NewTask::new("https://example.com/fail.mp4", TaskKind::Audio),
    )
    .await
    .unwrap();
    let wait = WaitOptions::default()
        .initial_interval(Duration::from_millis(1))
        .deadline(Duration::from_secs(30));
    for id in [&ok.id, &failing.id] {
        Task::wait_until_done(&client, id, &wait).await.unwrap();
    }

    let events: Vec<Event> = Event::stream(&client, &ListParams::new().order(Order::Asc))
        .try_collect()
        .await
        .unwrap();
    assert!(events.len() >= 12, "{events:?}");
    for event in &events {
        let got = next(&mut received).await.unwrap();
        assert_eq!(got.id, event.id);
        assert_eq!(got.object, "event");
        assert_eq!(got.created_at, event.created_at);
        assert_eq!(got.kind, event.kind);
        assert!(got.extra.is_empty(), "{:?}", got.extra);
        // The delivered body and the listed event are one type and decode alike.
        assert_eq!(&got, event);
        assert!(
            matches!(
                (&got.data, got.kind.is_task()),
                (EventData::Task(_), true) | (EventData::Run(_), false)
            ),
            "{got:?}"
        );
    }
    let last_of = |id: &str| {
        events
            .iter()
            .rev()
            .find(|e| e.task().is_some_and(|task| task.id == id))
            .map(|e| e.kind.clone())
    };
    assert_eq!(last_of(&ok.id), Some(EventKind::TaskSucceeded));
    assert_eq!(last_of(&failing.id), Some(EventKind::TaskFailed));
    assert!(received.try_recv().is_err(), "every event once, no more");
}

#[tokio::test]
async fn a_refused_delivery_is_retried_then_given_up() {
    let (mock, client) = common::start(
        MockConfig::default()
            .allow_http_webhooks(true)
            .webhook_attempts(2)
            .webhook_backoff(Duration::from_millis(1)),
    )
    .await;
    // The mock signs nothing, as the API documents no scheme: a receiver wanting a signature
    // header refuses every delivery, and the mock retries, then gives up.
    let (url, mut received) = receiver(Some("ittybit-signature")).await;
    WebhookEndpoint::create(
        &client,
        &NewWebhookEndpoint::new(&url, vec![EventKind::RunCreated]),
    )
    .await
    .unwrap();
    Task::create(
        &client,
        &NewTask::new("https://example.com/a.mp4", TaskKind::Video),
    )
    .await
    .unwrap();
    for _ in 0..2 {
        let err = next(&mut received).await.unwrap_err();
        assert_eq!(
            err,
            "no ittybit-signature (content-type Some(\"application/json\"))"
        );
    }
    tokio::time::timeout(GUARD, async {
        while mock.stats().webhooks_failed != 1 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await
    .unwrap();
    assert_eq!(mock.stats().webhook_attempts, 2);
}

const TASK_EVENT: &str = r#"{"id":"evt_1","object":"event","kind":"task.succeeded","created_at":1735689886,
 "data":{"id":"task_1","object":"task","kind":"video","status":"succeeded","run_id":"run_1",
 "progress":100,"created_at":1735689825,"shiny":true},"delivery":3}"#;

#[test]
fn known_kinds_decode_to_their_snapshot_and_unknown_fields_are_kept() {
    let event = webhook::from_slice(TASK_EVENT.as_bytes()).unwrap();
    assert_eq!(event.id, "evt_1");
    assert_eq!(event.created_at.unix_seconds(), 1_735_689_886);
    assert_eq!(event.kind, EventKind::TaskSucceeded);
    assert_eq!(event.extra["delivery"], 3);
    let EventData::Task(task) = &event.data else {
        panic!("{event:?}")
    };
    assert_eq!(task.status, TaskStatus::Succeeded);
    assert_eq!(task.run_id.as_deref(), Some("run_1"));
    assert_eq!(task.extra["shiny"], true);
    assert!(event.run().is_none());
    // Whichever comes first, `kind` or `data`, the event decodes the same.
    let data_first = r#"{"data":{"id":"task_1","object":"task","kind":"video","status":"succeeded","run_id":"run_1",
 "progress":100,"created_at":1735689825,"shiny":true},"id":"evt_1","object":"event","kind":"task.succeeded",
 "created_at":1735689886,"delivery":3}"#;
    assert_eq!(webhook::from_slice(data_first.as_bytes()).unwrap(), event);
}

#[test]
fn a_duplicate_key_in_data_is_refused_as_in_any_typed_response() {
    let body = br#"{"id":"evt_1","kind":"task.created","created_at":1,
        "data":{"id":"task_1","kind":"video","status":"queued","status":"failed","created_at":1}}"#;
    let err = webhook::from_slice(body).unwrap_err();
    assert!(
        matches!(&err, WebhookError::Decode { path, message } if path == "data.status" && message.contains("duplicate field `status`")),
        "{err:?}"
    );
    // The same duplicate in a task decoded on its own is the same error.
    let task =
        br#"{"id":"task_1","kind":"video","status":"queued","status":"failed","created_at":1}"#;
    let alone = serde_json::from_slice::<ittybit::Task>(task).unwrap_err();
    assert!(
        alone.to_string().contains("duplicate field `status`"),
        "{alone}"
    );
    // And with `data` before `kind`, when it is buffered before being decoded.
    let data_first = br#"{"data":{"id":"task_1","kind":"video","status":"queued","status":"failed","created_at":1},
        "id":"evt_1","kind":"task.created","created_at":1}"#;
    let err = webhook::from_slice(data_first).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `status`"),
        "{err}"
    );
    // And in the envelope.
    let envelope = br#"{"id":"evt_1","id":"evt_2","kind":"file.created","created_at":1}"#;
    let err = webhook::from_slice(envelope).unwrap_err();
    assert!(err.to_string().contains("duplicate field `id`"), "{err}");
}

#[test]
fn unknown_kinds_are_kept_with_their_data() {
    let event = webhook::from_slice(
        br#"{"id":"evt_2","kind":"file.created","created_at":5,"data":{"id":"file_1","size":7}}"#,
    )
    .unwrap();
    assert_eq!(event.kind, EventKind::Other("file.created".to_owned()));
    assert_eq!(
        event.data,
        EventData::Other(serde_json::json!({"id": "file_1", "size": 7}))
    );
    assert_eq!(event.object, "", "a missing `object` is tolerated");
}

#[test]
fn bad_bodies_are_decode_errors_naming_the_field() {
    let cases: [(&[u8], &str, &str); 8] = [
        (b"", ".", "EOF"),
        (b"[]", ".", "invalid type: sequence"),
        // Cut off after a value: the path is the last key read.
        (b"{\"id\":\"evt_1\"", "id", "EOF"),
        (
            br#"{"id":"evt_1","kind":"file.created","data":{}}"#,
            ".",
            "missing field `created_at`",
        ),
        (
            br#"{"id":"evt_1","kind":"task.created","created_at":"soon","data":{}}"#,
            "created_at",
            "invalid type: string",
        ),
        (
            br#"{"id":"evt_1","kind":"task.created","created_at":1,"data":{"id":"t","kind":"video","created_at":1}}"#,
            "data",
            "missing field `status`",
        ),
        (
            br#"{"id":"evt_1","kind":"run.created","created_at":1,"data":{"id":"r","status":"queued","created_at":1,"tasks":{}}}"#,
            "data.tasks",
            "invalid type: map",
        ),
        (
            br#"{"id":"evt_1","kind":"file.created","created_at":1} {}"#,
            ".",
            "trailing characters",
        ),
    ];
    for (body, path, message) in cases {
        let err = webhook::from_slice(body).unwrap_err();
        let WebhookError::Decode {
            path: found,
            message: said,
        } = &err
        else {
            panic!("{err:?}")
        };
        let shown = String::from_utf8_lossy(body);
        assert_eq!(found, path, "{shown}");
        assert!(said.contains(message), "{shown}: {said}");
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
        assert!(err.to_string().contains(&format!("at `{path}`")), "{err}");
    }
}

#[test]
fn no_truncation_or_corruption_of_a_body_panics() {
    let body = TASK_EVENT.as_bytes();
    for end in 0..body.len() {
        assert!(webhook::from_slice(&body[..end]).is_err(), "{end}");
    }
    let (mut decoded, mut refused) = (0, 0);
    for at in 0..body.len() {
        for replacement in [b'"', b'{', b'}', b'0', b'\\', 0xff, b' '] {
            let mut corrupt = body.to_vec();
            corrupt[at] = replacement;
            match webhook::from_slice(&corrupt) {
                Ok(_) => decoded += 1,
                Err(_) => refused += 1,
            }
        }
    }
    // Some corruptions stay valid (inside a string, a space for a space), others do not.
    assert!(decoded > 0 && refused > 0, "{decoded} {refused}");
}

#[test]
fn bodies_over_the_limit_are_refused_before_decoding() {
    let over = vec![b' '; webhook::BODY_LIMIT + 1];
    let err = webhook::from_slice(&over).unwrap_err();
    assert_eq!(
        err,
        WebhookError::TooLarge {
            len: webhook::BODY_LIMIT + 1,
            limit: webhook::BODY_LIMIT
        }
    );
    assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let mut exact = TASK_EVENT.as_bytes().to_vec();
    exact.resize(webhook::BODY_LIMIT, b' ');
    assert!(webhook::from_slice(&exact).is_ok());
}
