//! `/automations`, `/automations/{id}` and `POST /automations/{id}/run`.

use serde_json::{Value, json};

use crate::common::{Api, RUN_FIELDS, assert_id, assert_keys, expect, expect_invalid};

const FIELDS: [&str; 8] = [
    "id",
    "object",
    "name",
    "description",
    "workflow",
    "status",
    "created_at",
    "updated_at",
];

/// A workflow with a conditions step and nested steps.
fn workflow() -> Value {
    json!([
        {"kind": "ingest", "ref": "source", "next": [
            {"kind": "conditions", "conditions": [{"prop": "media.type", "value": "video"}], "next": [
                {"kind": "video", "options": {"format": "mp4"}},
            ]},
            {"kind": "image"},
        ]},
    ])
}

#[tokio::test]
async fn automations_can_be_created_read_listed_updated_and_deleted() {
    let api = Api::start().await;
    let reply = api
        .post(
            "/automations",
            &json!({"name": "Thumbnails", "workflow": workflow()}),
        )
        .await;
    expect(&reply, 201);
    let automation = reply.json();
    assert_keys(&automation, &FIELDS);
    assert_id(&automation["id"], "auto_");
    assert_eq!(automation["object"], "automation");
    assert_eq!(automation["status"], "active");
    assert!(automation["description"].is_null());
    assert_eq!(automation["workflow"], workflow());
    let path = format!("/automations/{}", automation["id"].as_str().unwrap());

    assert_eq!(api.get(&path).await.json(), automation);
    assert_eq!(api.get("/automations").await.json(), json!([automation]));

    let patched = api
        .patch(
            &path,
            &json!({"status": "paused", "description": "Makes thumbnails", "name": "Thumbs"}),
        )
        .await;
    expect(&patched, 200);
    let patched = patched.json();
    assert_eq!(patched["status"], "paused");
    assert_eq!(patched["description"], "Makes thumbnails");
    assert_eq!(patched["name"], "Thumbs");
    assert_eq!(patched["workflow"], workflow());
    let bad = api.patch(&path, &json!({"status": "sleeping"})).await;
    expect(&bad, 400);
    assert!(bad.message().contains("`status`"));

    let deleted = api.delete(&path).await;
    expect(&deleted, 204);
    assert!(deleted.body.is_empty());
    let gone = api.get(&path).await;
    expect(&gone, 404);
    assert_eq!(gone.kind(), "automation_not_found");
}

#[tokio::test]
async fn create_validates_name_and_workflow() {
    let api = Api::start().await;
    let cases = [
        (json!({"workflow": []}), "`name`"),
        (json!({"name": "a"}), "`workflow`"),
        (json!({"name": "a", "workflow": {}}), "`workflow`"),
        (
            json!({"name": "a", "workflow": [{"kind": "teleport"}]}),
            "`workflow[0].kind`",
        ),
        (
            json!({"name": "a", "workflow": [{"kind": "video", "next": [{}]}]}),
            "`workflow[0].next[0].kind`",
        ),
        (
            json!({"name": "a", "workflow": [{"kind": "conditions"}]}),
            "`workflow[0].conditions`",
        ),
        (
            json!({"name": "a", "workflow": [{"kind": "conditions", "conditions": [{"value": 1}]}]}),
            "`workflow[0].conditions[0].prop`",
        ),
        (
            json!({"name": "a", "workflow": [], "status": "on"}),
            "`status`",
        ),
    ];
    expect_invalid(&api, "/automations", &cases).await;
}

#[tokio::test]
async fn running_an_automation_creates_a_run_of_its_workflow() {
    let api = Api::start().await;
    let automation = api
        .post(
            "/automations",
            &json!({"name": "Thumbnails", "workflow": workflow()}),
        )
        .await
        .json();
    let path = format!("/automations/{}/run", automation["id"].as_str().unwrap());
    let reply = api
        .post(&path, &json!({"url": "https://example.com/in.mov"}))
        .await;
    expect(&reply, 201);
    let run = reply.json();
    assert_keys(&run, &RUN_FIELDS);
    assert_id(&run["id"], "run_");
    let kinds: Vec<_> = run["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["ingest", "conditions", "video", "image"]);
    let video = api
        .get(&format!(
            "/tasks/{}",
            run["tasks"][2]["id"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(video["parent_id"], run["tasks"][1]["id"]);
    assert_eq!(video["run_id"], run["id"]);
    assert_eq!(
        video["inputs"],
        json!([{"url": "https://example.com/in.mov"}])
    );
    assert_eq!(video["options"], json!({"format": "mp4"}));

    let missing_url = api.post(&path, &json!({})).await;
    expect(&missing_url, 400);
    assert_eq!(missing_url.kind(), "url_required");
    let unknown = api
        .post(
            "/automations/auto_0000000000000000/run",
            &json!({"url": "https://example.com/a"}),
        )
        .await;
    expect(&unknown, 404);
    assert_eq!(unknown.kind(), "automation_not_found");

    let empty = api
        .post("/automations", &json!({"name": "Empty", "workflow": []}))
        .await
        .json();
    let reply = api
        .post(
            &format!("/automations/{}/run", empty["id"].as_str().unwrap()),
            &json!({"url": "https://example.com/a"}),
        )
        .await;
    expect(&reply, 400);
    assert!(reply.message().contains("`workflow`"));
}
