//! Settings and requests at the edges: no panic, no half-written store, strict query decoding.

use std::time::Duration;

use ittybit_mock::{Advance, Fault, FaultSchedule, MockConfig, RetryAfter, TaskSeed};
use serde_json::json;

use crate::common::{Api, expect, expect_invalid_get};

#[tokio::test]
async fn an_interval_past_the_end_of_time_never_steps_and_stores_whole_runs() {
    let api = Api::with(
        MockConfig::default()
            .advance(Advance::Every(Duration::MAX))
            .seed_tasks(TaskSeed::many(2)),
    )
    .await;
    let task = api.create_task("https://example.com/a.mp4").await;
    let path = format!("/tasks/{}", task["id"].as_str().unwrap());
    for _ in 0..3 {
        assert_eq!(api.get(&path).await.json()["status"], "waiting");
    }
    let run = api
        .get(&format!("/runs/{}", task["run_id"].as_str().unwrap()))
        .await;
    expect(&run, 200);
    assert_eq!(run.json()["tasks"][0]["id"], task["id"]);
    let reply = api
        .post(
            "/runs",
            &json!({"tasks": [{"kind": "video"}, {"kind": "image"}]}),
        )
        .await;
    expect(&reply, 201);
    let kinds: Vec<String> = api
        .get("/events?order=asc")
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "run.created",
            "task.created",
            "run.created",
            "task.created",
            "task.created"
        ]
    );
    assert_eq!(api.get("/tasks").await.json().as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn a_percent_without_two_hex_digits_is_request_invalid() {
    let api = Api::start().await;
    api.mock.seed_tasks(TaskSeed::many(3));
    let mut cases: Vec<(String, &str)> = [
        "after=%+1",
        "status=100%",
        "kind=%zz",
        "%+1=x",
        "limit=2&order=%4",
    ]
    .iter()
    .map(|query| (format!("/tasks?{query}"), "two hexadecimal digits"))
    .collect();
    cases.push(("/tasks?status=%FF".to_owned(), "UTF-8"));
    expect_invalid_get(&api, &cases).await;
    let escaped = api.get("/tasks?status=%73ucceeded&kind=vid%65o").await;
    expect(&escaped, 200);
    assert_eq!(escaped.json().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn retry_after_values_at_the_limits_are_sent_without_panicking() {
    for (retry_after, expected) in [
        (
            RetryAfter::HttpDate(Duration::MAX),
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ),
        (RetryAfter::Seconds(u64::MAX), "18446744073709551615"),
    ] {
        let fault = Fault::RateLimited { retry_after };
        let api = Api::with(MockConfig::default().fault(FaultSchedule::every(1), fault)).await;
        let reply = api.get("/tasks").await;
        expect(&reply, 429);
        assert_eq!(reply.header("retry-after").as_deref(), Some(expected));
    }
}
