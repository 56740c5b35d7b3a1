//! Status advancement: per read (default), by elapsed time, or never.

use std::time::Duration;

use ittybit_mock::{Advance, MockConfig};

use crate::common::Api;

#[tokio::test]
async fn each_read_moves_a_task_one_step() {
    let api = Api::start().await;
    let task = api.create_task("https://example.com/a.mp4").await;
    let path = format!("/tasks/{}", task["id"].as_str().unwrap());
    let mut steps = Vec::new();
    for _ in 0..4 {
        let task = api.get(&path).await.json();
        steps.push((
            task["status"].as_str().unwrap().to_owned(),
            task["progress"].as_i64().unwrap(),
        ));
        match task["status"].as_str().unwrap() {
            "queued" => assert!(task["started_at"].is_null()),
            "processing" => assert!(task["started_at"].is_i64() && task["finished_at"].is_null()),
            _ => assert!(
                task["started_at"].is_i64()
                    && task["finished_at"].is_i64()
                    && task["error"].is_null()
            ),
        }
    }
    let expected = [
        ("queued", 0),
        ("processing", 50),
        ("succeeded", 100),
        ("succeeded", 100),
    ];
    assert_eq!(steps, expected.map(|(s, p)| (s.to_owned(), p)));
    // Success brings the output file, once; it is there from then on.
    let task = api.get(&path).await.json();
    assert_eq!(task["outputs"].as_array().map(Vec::len), Some(1), "{task}");
    assert_eq!(task["outputs"][0]["mimetype"], "video/mp4");
    let list = api.get("/tasks").await.json();
    assert_eq!(
        list[0]["status"], "succeeded",
        "lists show the current state"
    );
}

#[tokio::test]
async fn a_url_containing_fail_ends_failed_with_an_error() {
    let api = Api::start().await;
    let task = api.create_task("https://example.com/will-fail.mp4").await;
    let path = format!("/tasks/{}", task["id"].as_str().unwrap());
    for _ in 0..2 {
        api.get(&path).await;
    }
    let task = api.get(&path).await.json();
    assert_eq!(task["status"], "failed");
    assert!(task["error"]["kind"].is_string() && task["error"]["message"].is_string());
    assert!(task["finished_at"].is_i64());
    assert_eq!(
        task["outputs"],
        serde_json::json!([]),
        "a failed task has no output"
    );
}

#[tokio::test]
async fn lists_do_not_advance() {
    let api = Api::start().await;
    api.create_task("https://example.com/a.mp4").await;
    for _ in 0..3 {
        api.get("/tasks").await;
    }
    assert_eq!(api.get("/tasks").await.json()[0]["status"], "waiting");
}

#[tokio::test]
async fn never_keeps_statuses() {
    let api = Api::with(MockConfig::default().advance(Advance::Never)).await;
    let task = api.create_task("https://example.com/a.mp4").await;
    let path = format!("/tasks/{}", task["id"].as_str().unwrap());
    for _ in 0..4 {
        assert_eq!(api.get(&path).await.json()["status"], "waiting");
    }
    let run = format!("/runs/{}", task["run_id"].as_str().unwrap());
    assert_eq!(api.get(&run).await.json()["status"], "waiting");
}

#[tokio::test]
async fn elapsed_time_moves_tasks_without_reads() {
    let api =
        Api::with(MockConfig::default().advance(Advance::Every(Duration::from_millis(20)))).await;
    let task = api.create_task("https://example.com/a.mp4").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let path = format!("/tasks/{}", task["id"].as_str().unwrap());
    let task = api.get(&path).await.json();
    assert_eq!(task["status"], "succeeded");
    let run = api
        .get(&format!("/runs/{}", task["run_id"].as_str().unwrap()))
        .await
        .json();
    assert_eq!(run["status"], "succeeded");
    let events = api.get("/events?order=asc").await.json();
    let kinds: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.last(), Some(&"run.succeeded"));

    let slow =
        Api::with(MockConfig::default().advance(Advance::Every(Duration::from_secs(3600)))).await;
    let task = slow.create_task("https://example.com/a.mp4").await;
    let path = format!("/tasks/{}", task["id"].as_str().unwrap());
    for _ in 0..3 {
        assert_eq!(slow.get(&path).await.json()["status"], "waiting");
    }
}
