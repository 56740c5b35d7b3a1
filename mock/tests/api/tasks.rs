//! `POST /tasks`, `GET /tasks`, `GET /tasks/{id}`.

use ittybit_mock::{MockConfig, TaskSeed};
use serde_json::json;

use crate::common::{Api, TASK_FIELDS, assert_id, assert_keys, expect, ids};

#[tokio::test]
async fn create_answers_201_with_a_task_object() {
    let api = Api::start().await;
    let reply = api
        .post(
            "/tasks",
            &json!({
                "url": "https://example.com/a.mp4",
                "kind": "video",
                "options": {"width": 1280, "height": 720, "format": "mp4", "quality": "high"},
                "metadata": {"customer": "c1"},
            }),
        )
        .await;
    expect(&reply, 201);
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json")
    );
    let task = reply.json();
    assert_keys(&task, &TASK_FIELDS);
    assert_id(&task["id"], "task_");
    assert_id(&task["run_id"], "run_");
    assert_eq!(task["object"], "task");
    assert_eq!(task["kind"], "video");
    assert_eq!(task["status"], "waiting");
    assert_eq!(task["progress"], 0);
    assert_eq!(task["options"]["width"], 1280);
    assert_eq!(task["metadata"], json!({"customer": "c1"}));
    assert_eq!(
        task["inputs"],
        json!([{"kind": "url", "url": "https://example.com/a.mp4", "filename": "a.mp4"}])
    );
    assert_eq!(task["outputs"], json!([]));
    for null in ["parent_id", "error", "started_at", "finished_at"] {
        assert!(task[null].is_null(), "{null}: {task}");
    }
    assert!(task["created_at"].as_i64().unwrap() > 1_700_000_000);
    assert_eq!(task["created_at"], task["updated_at"]);
}

#[tokio::test]
async fn get_answers_the_task_and_404_for_unknown_ids() {
    let api = Api::with(MockConfig::default().advance(ittybit_mock::Advance::Never)).await;
    let task = api.create_task("https://example.com/a.mp4").await;
    let reply = api
        .get(&format!("/tasks/{}", task["id"].as_str().unwrap()))
        .await;
    expect(&reply, 200);
    assert_eq!(reply.json(), task);

    let missing = api.get("/tasks/task_0000000000000000").await;
    expect(&missing, 404);
    assert_eq!(missing.kind(), "task_not_found");
}

#[tokio::test]
async fn a_created_task_lives_in_a_run_of_its_own() {
    let api = Api::start().await;
    let task = api.create_task("https://example.com/a.mp4").await;
    let run = api
        .get(&format!("/runs/{}", task["run_id"].as_str().unwrap()))
        .await;
    expect(&run, 200);
    assert_eq!(run.json()["tasks"][0]["id"], task["id"]);
}

#[tokio::test]
async fn create_validates_every_field() {
    let api = Api::start().await;
    let cases = [
        (json!({"kind": "video"}), "url_required", "url"),
        (json!({"url": null, "kind": "video"}), "url_required", "url"),
        (
            json!({"url": "ftp://example.com/a.mp4", "kind": "video"}),
            "request_invalid",
            "url",
        ),
        (
            json!({"url": "not a url", "kind": "video"}),
            "request_invalid",
            "url",
        ),
        (json!({"url": 7, "kind": "video"}), "request_invalid", "url"),
        (
            json!({"url": "https://example.com/a.mp4"}),
            "request_invalid",
            "kind",
        ),
        (
            json!({"url": "https://example.com/a.mp4", "kind": "hologram"}),
            "request_invalid",
            "kind",
        ),
        (
            json!({"url": "https://example.com/a.mp4", "kind": "video", "options": []}),
            "request_invalid",
            "options",
        ),
        (
            json!({"url": "https://example.com/a.mp4", "kind": "video", "metadata": "x"}),
            "request_invalid",
            "metadata",
        ),
    ];
    for (body, kind, field) in cases {
        let reply = api.post("/tasks", &body).await;
        expect(&reply, 400);
        assert_eq!(reply.kind(), kind, "{body}");
        assert!(
            reply.message().contains(&format!("`{field}`")),
            "{body}: {}",
            reply.message()
        );
    }
    let list = api.get("/tasks").await;
    assert_eq!(list.json(), json!([]), "invalid creates store nothing");
}

#[tokio::test]
async fn every_known_kind_is_accepted() {
    let api = Api::start().await;
    for kind in [
        "video",
        "adaptive_video",
        "image",
        "audio",
        "speech",
        "nsfw",
        "summary",
        "outline",
        "subtitles",
        "chapters",
        "ingest",
        "conditions",
        "upload",
    ] {
        let reply = api
            .post(
                "/tasks",
                &json!({"url": "http://example.com/x", "kind": kind}),
            )
            .await;
        expect(&reply, 201);
        assert_eq!(reply.json()["kind"], kind);
    }
}

#[tokio::test]
async fn list_filters_by_status_kind_run_id_and_created_by() {
    let api = Api::start().await;
    api.mock.seed_tasks(TaskSeed::many(24));
    let seeded = api.mock.seed_tasks([
        TaskSeed {
            kind: "speech".into(),
            status: "waiting".into(),
            run_id: Some("run_aaaaaaaaaaaaaaaa".into()),
            created_by: Some("key_bbbbbbbbbbbbbbbb".into()),
        },
        TaskSeed {
            run_id: Some("run_aaaaaaaaaaaaaaaa".into()),
            ..TaskSeed::new("speech", "ready")
        },
    ]);
    let count = |path: &'static str| {
        let api = &api;
        async move {
            let reply = api.get(path).await;
            expect(&reply, 200);
            reply.json().as_array().unwrap().len()
        }
    };
    assert_eq!(count("/tasks?status=succeeded&limit=100").await, 6);
    assert_eq!(count("/tasks?kind=image&limit=100").await, 8);
    assert_eq!(count("/tasks?kind=image&status=failed&limit=100").await, 2);
    assert_eq!(count("/tasks?status=ready").await, 1);
    assert_eq!(count("/tasks?status=nonsense").await, 0);
    let by_run = api.get("/tasks?run_id=run_aaaaaaaaaaaaaaaa").await;
    assert_eq!(
        ids(by_run.json().as_array().unwrap()),
        [seeded[1].clone(), seeded[0].clone()]
    );
    let by_key = api.get("/tasks?created_by=key_bbbbbbbbbbbbbbbb").await;
    assert_eq!(ids(by_key.json().as_array().unwrap()), [seeded[0].clone()]);
}

#[tokio::test]
async fn seeded_tasks_have_consistent_fields() {
    let api = Api::with(MockConfig::default().advance(ittybit_mock::Advance::Never)).await;
    let ids = api.mock.seed_tasks(TaskSeed::many(5));
    let get = |i: usize| {
        let path = format!("/tasks/{}", ids[i]);
        let api = &api;
        async move { api.get(&path).await }
    };
    let succeeded = get(0).await.json();
    assert_keys(&succeeded, &TASK_FIELDS);
    assert_eq!(
        (succeeded["kind"].as_str(), succeeded["progress"].as_i64()),
        (Some("video"), Some(100))
    );
    assert!(succeeded["finished_at"].is_i64());
    // What the API sends: an input file, the kind's options, metadata, and the output file.
    assert_eq!(succeeded["inputs"].as_array().map(Vec::len), Some(1));
    assert_eq!(succeeded["inputs"][0]["kind"], "url");
    assert_eq!(succeeded["options"]["width"], 1280);
    assert!(succeeded["metadata"]["customer"].is_string());
    let output = &succeeded["outputs"][0];
    assert_eq!(succeeded["outputs"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        (output["kind"].as_str(), output["mimetype"].as_str()),
        (Some("internal"), Some("video/mp4"))
    );
    assert!(
        output["url"]
            .as_str()
            .unwrap()
            .starts_with("https://cdn.ittybit.test/file_")
    );
    assert_eq!(
        (output["width"].as_u64(), output["height"].as_u64()),
        (Some(1280), Some(720))
    );
    assert!(output["duration"].is_f64() && output["filesize"].is_u64());
    let failed = get(1).await.json();
    assert_eq!(failed["outputs"], json!([]));
    assert_eq!(failed["inputs"][0]["mimetype"], "image/jpeg");
    assert_eq!(
        (failed["kind"].as_str(), failed["status"].as_str()),
        (Some("image"), Some("failed"))
    );
    assert!(failed["error"]["kind"].is_string() && failed["error"]["message"].is_string());
    let processing = get(2).await.json();
    assert_eq!(
        (
            processing["status"].as_str(),
            processing["progress"].as_i64()
        ),
        (Some("processing"), Some(50))
    );
    let queued = get(3).await.json();
    assert_eq!(queued["status"], "queued");
    assert_eq!(get(4).await.json()["status"], "succeeded");
}
