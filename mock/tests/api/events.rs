//! `GET /events`, `GET /events/{id}`, and the events status changes record.

use ittybit_mock::TaskSeed;
use serde_json::{Value, json};

use crate::common::{Api, assert_id, assert_keys, expect};

/// The kinds of all events, oldest first.
async fn kinds(api: &Api) -> Vec<String> {
    let events = api.get("/events?order=asc&limit=100").await;
    expect(&events, 200);
    events
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn creating_a_task_records_events_with_snapshots() {
    let api = Api::start().await;
    let task = api.create_task("https://example.com/a.mp4").await;
    assert_eq!(kinds(&api).await, ["run.created", "task.created"]);
    let events = api.get("/events?kind=task.created").await.json();
    let event = &events[0];
    assert_keys(event, &["id", "object", "kind", "data", "created_at"]);
    assert_id(&event["id"], "evt_");
    assert_eq!(event["object"], "event");
    assert_eq!(event["data"], task);
    assert!(event["created_at"].is_i64());

    let one = api
        .get(&format!("/events/{}", event["id"].as_str().unwrap()))
        .await;
    expect(&one, 200);
    assert_eq!(&one.json(), event);
}

#[tokio::test]
async fn status_changes_record_events() {
    let api = Api::start().await;
    let ok = api.create_task("https://example.com/a.mp4").await;
    let bad = api.create_task("https://example.com/fail.mp4").await;
    for task in [&ok, &bad] {
        for _ in 0..3 {
            api.get(&format!("/tasks/{}", task["id"].as_str().unwrap()))
                .await;
        }
    }
    let expected = [
        "run.created",
        "task.created",
        "run.created",
        "task.created",
        "task.updated",
        "run.updated",
        "task.updated",
        "run.updated",
        "task.succeeded",
        "run.succeeded",
        "task.updated",
        "run.updated",
        "task.updated",
        "run.updated",
        "task.failed",
        "run.failed",
    ];
    assert_eq!(kinds(&api).await, expected);
    let failed: Value = api.get("/events?kind=task.failed").await.json();
    assert_eq!(failed.as_array().unwrap().len(), 1);
    assert_eq!(failed[0]["data"]["status"], "failed");
    assert_eq!(failed[0]["data"]["id"], bad["id"]);
    let succeeded = api.get("/events?kind=run.succeeded").await.json();
    assert_eq!(succeeded[0]["data"]["object"], "run");
    assert_eq!(succeeded[0]["data"]["status"], "succeeded");
}

#[tokio::test]
async fn seeding_records_no_events() {
    let api = Api::start().await;
    api.mock.seed_tasks(TaskSeed::many(10));
    let events = api.get("/events").await;
    expect(&events, 200);
    assert_eq!(events.json(), json!([]));
}

#[tokio::test]
async fn unknown_events_are_404() {
    let api = Api::start().await;
    let reply = api.get("/events/evt_0000000000000000").await;
    expect(&reply, 404);
    assert_eq!(reply.kind(), "event_not_found");
}
