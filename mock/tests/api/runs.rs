//! `POST /runs`, `GET /runs`, `GET /runs/{id}`.

use ittybit_mock::{Advance, MockConfig};
use serde_json::{Value, json};

use crate::common::{Api, RUN_FIELDS, TASK_FIELDS, assert_id, assert_keys, expect, expect_invalid};

/// A run body with a nested `next` task.
fn nested_run() -> Value {
    json!({
        "tasks": [
            {"kind": "ingest", "url": "https://example.com/a.mp4", "next": [
                {"kind": "video", "options": {"width": 640}},
                {"kind": "image", "next": [{"kind": "nsfw"}]},
            ]},
            {"kind": "audio"},
        ],
        "metadata": {"batch": 1},
    })
}

#[tokio::test]
async fn create_answers_201_with_a_run_and_flattened_tasks() {
    let api = Api::with(MockConfig::default().advance(Advance::Never)).await;
    let reply = api.post("/runs", &nested_run()).await;
    expect(&reply, 201);
    let run = reply.json();
    assert_keys(&run, &RUN_FIELDS);
    assert_id(&run["id"], "run_");
    assert_eq!(run["object"], "run");
    assert_eq!(run["status"], "waiting");
    assert_eq!(run["progress"], 0);
    assert_eq!(run["metadata"], json!({"batch": 1}));
    assert!(run["created_by"].is_null() && run["error"].is_null() && run["started_at"].is_null());
    let tasks = run["tasks"].as_array().unwrap();
    let kinds: Vec<_> = tasks.iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["ingest", "video", "image", "nsfw", "audio"]);
    for summary in tasks {
        assert_keys(summary, &["id", "kind", "status", "progress"]);
        assert_id(&summary["id"], "task_");
    }
    let task = |i: usize| {
        let id = tasks[i]["id"].as_str().unwrap().to_owned();
        let api = &api;
        async move { api.get(&format!("/tasks/{id}")).await.json() }
    };
    let root = task(0).await;
    assert_keys(&root, &TASK_FIELDS);
    assert_eq!(root["run_id"], run["id"]);
    assert!(root["parent_id"].is_null());
    let video = task(1).await;
    assert_eq!(video["parent_id"], tasks[0]["id"]);
    assert_eq!(video["options"], json!({"width": 640}));
    assert_eq!(task(3).await["parent_id"], tasks[2]["id"]);
    assert!(task(4).await["parent_id"].is_null());

    let got = api
        .get(&format!("/runs/{}", run["id"].as_str().unwrap()))
        .await;
    expect(&got, 200);
    assert_eq!(got.json(), run);
}

#[tokio::test]
async fn create_validates_tasks() {
    let api = Api::start().await;
    let cases = [
        (json!({}), "`tasks`"),
        (json!({"tasks": []}), "`tasks`"),
        (json!({"tasks": {}}), "`tasks`"),
        (json!({"tasks": [1]}), "`tasks[0]`"),
        (json!({"tasks": [{}]}), "`tasks[0].kind`"),
        (
            json!({"tasks": [{"kind": "video"}, {"kind": "warp"}]}),
            "`tasks[1].kind`",
        ),
        (
            json!({"tasks": [{"kind": "video", "next": [{"kind": "x"}]}]}),
            "`tasks[0].next[0].kind`",
        ),
        (
            json!({"tasks": [{"kind": "video", "options": 3}]}),
            "`tasks[0].options`",
        ),
        (
            json!({"tasks": [{"kind": "video", "next": 3}]}),
            "`tasks[0].next`",
        ),
        (
            json!({"tasks": [{"kind": "video", "url": "file:///a"}]}),
            "`tasks[0].url`",
        ),
        (
            json!({"tasks": [{"kind": "video"}], "metadata": []}),
            "`metadata`",
        ),
    ];
    expect_invalid(&api, "/runs", &cases).await;
}

#[tokio::test]
async fn each_read_advances_every_task_of_the_run() {
    let api = Api::start().await;
    let run = api.post("/runs", &nested_run()).await.json();
    let path = format!("/runs/{}", run["id"].as_str().unwrap());
    let mut seen = Vec::new();
    for _ in 0..4 {
        let run = api.get(&path).await.json();
        let statuses: Vec<_> = run["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["status"].as_str().unwrap().to_owned())
            .collect();
        assert!(statuses.iter().all(|s| s == &statuses[0]), "{statuses:?}");
        seen.push((
            run["status"].as_str().unwrap().to_owned(),
            run["progress"].as_i64().unwrap(),
        ));
        if run["status"] == "succeeded" {
            assert!(run["finished_at"].is_i64() && run["started_at"].is_i64());
        }
    }
    let expected = [
        ("queued", 0),
        ("processing", 50),
        ("succeeded", 100),
        ("succeeded", 100),
    ];
    assert_eq!(seen, expected.map(|(s, p)| (s.to_owned(), p)));
}

#[tokio::test]
async fn a_run_with_a_failing_task_fails() {
    let api = Api::start().await;
    let body = json!({"tasks": [{"kind": "video", "url": "https://example.com/fail.mp4"}, {"kind": "image"}]});
    let run = api.post("/runs", &body).await.json();
    let path = format!("/runs/{}", run["id"].as_str().unwrap());
    for _ in 0..3 {
        api.get(&path).await;
    }
    let run = api.get(&path).await.json();
    assert_eq!(run["status"], "failed");
    assert_eq!(run["tasks"][0]["status"], "failed");
    assert_eq!(run["tasks"][1]["status"], "succeeded");
    assert_eq!(run["error"]["kind"], "task_failed");
    assert!(
        run["error"]["message"]
            .as_str()
            .unwrap()
            .contains(run["tasks"][0]["id"].as_str().unwrap())
    );
}

#[tokio::test]
async fn list_filters_by_status_and_404s_unknown_runs() {
    let api = Api::start().await;
    let first = api
        .post("/runs", &json!({"tasks": [{"kind": "video"}]}))
        .await
        .json();
    let second = api
        .post("/runs", &json!({"tasks": [{"kind": "audio"}]}))
        .await
        .json();
    api.get(&format!("/runs/{}", first["id"].as_str().unwrap()))
        .await;
    let all = api.get("/runs").await;
    expect(&all, 200);
    let all = all.json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["id"], second["id"], "newest first");
    let queued = api.get("/runs?status=queued").await.json();
    assert_eq!(queued.as_array().unwrap().len(), 1);
    assert_eq!(queued[0]["id"], first["id"]);

    let missing = api.get("/runs/run_0000000000000000").await;
    expect(&missing, 404);
    assert_eq!(missing.kind(), "run_not_found");
}
