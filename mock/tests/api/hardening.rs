//! Settings and requests at the edges: no panic, no half-written store, strict query decoding.

use std::time::Duration;

use ittybit_mock::{Advance, Fault, FaultSchedule, MockConfig, RetryAfter, TaskSeed};
use reqwest::Method;
use serde_json::json;

use crate::common::{Api, expect};

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
    for query in [
        "after=%+1",
        "status=100%",
        "kind=%zz",
        "%+1=x",
        "limit=2&order=%4",
    ] {
        let reply = api.get(&format!("/tasks?{query}")).await;
        expect(&reply, 400);
        assert_eq!(reply.kind(), "request_invalid", "{query}");
        assert!(
            reply.message().contains("two hexadecimal digits"),
            "{query}: {}",
            reply.message()
        );
    }
    let not_utf8 = api.get("/tasks?status=%FF").await;
    expect(&not_utf8, 400);
    assert!(
        not_utf8.message().contains("UTF-8"),
        "{}",
        not_utf8.message()
    );
    let escaped = api.get("/tasks?status=%73ucceeded&kind=vid%65o").await;
    expect(&escaped, 200);
    assert_eq!(escaped.json().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn retry_after_values_at_the_limits_are_sent_without_panicking() {
    let date = Api::with(MockConfig::default().fault(
        FaultSchedule::every(1),
        Fault::RateLimited {
            retry_after: RetryAfter::HttpDate(Duration::MAX),
        },
    ))
    .await;
    let reply = date.get("/tasks").await;
    expect(&reply, 429);
    assert_eq!(
        reply.header("retry-after").as_deref(),
        Some("Fri, 31 Dec 9999 23:59:59 GMT")
    );

    let seconds = Api::with(MockConfig::default().fault(
        FaultSchedule::every(1),
        Fault::RateLimited {
            retry_after: RetryAfter::Seconds(u64::MAX),
        },
    ))
    .await;
    let reply = seconds.get("/tasks").await;
    expect(&reply, 429);
    assert_eq!(
        reply.header("retry-after").as_deref(),
        Some("18446744073709551615")
    );
}

#[tokio::test]
async fn a_malformed_host_never_reaches_the_link() {
    let api = Api::start().await;
    api.mock.seed_tasks(TaskSeed::many(3));
    let reply = api
        .send(
            api.request(Method::GET, "/tasks?limit=1")
                .header("host", "evil>; rel=\"prev\""),
        )
        .await;
    expect(&reply, 200);
    let next = reply.next_link().unwrap();
    assert!(
        next.starts_with("http://localhost/tasks?limit=1&after=task_"),
        "{next}"
    );
}
