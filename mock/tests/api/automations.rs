//! `/automations`, `/automations/{id}`, `POST /automations/{id}/run` and the mock's own
//! `GET /automations/{id}/runs`.

use serde_json::{Value, json};

use crate::common::{
    Api, RUN_FIELDS, assert_id, assert_keys, expect, expect_invalid, expect_invalid_get, ids,
};

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
        json!([{"kind": "url", "url": "https://example.com/in.mov", "filename": "in.mov"}])
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

#[tokio::test]
async fn an_automations_runs_are_listed_like_get_runs() {
    let api = Api::start().await;
    let create = |name: &'static str| {
        let api = &api;
        async move {
            let reply = api
                .post(
                    "/automations",
                    &json!({"name": name, "workflow": [{"kind": "video"}]}),
                )
                .await;
            expect(&reply, 201);
            reply.json()["id"].as_str().unwrap().to_owned()
        }
    };
    let (mine, other) = (create("Mine").await, create("Other").await);
    let path = format!("/automations/{mine}/runs");
    let empty = api.get(&path).await;
    expect(&empty, 200);
    assert_eq!(empty.body, b"[]");
    assert_eq!(empty.header("has-more").as_deref(), Some("false"));

    let mut started = Vec::new();
    for (automation, i) in [(&mine, 0), (&other, 1), (&mine, 2), (&mine, 3)] {
        let reply = api
            .post(
                &format!("/automations/{automation}/run"),
                &json!({"url": format!("https://example.com/{i}.mov")}),
            )
            .await;
        expect(&reply, 201);
        if automation == &mine {
            started.push(reply.json()["id"].as_str().unwrap().to_owned());
        }
    }
    api.post("/runs", &json!({"tasks": [{"kind": "image"}]}))
        .await;

    let reply = api.get(&path).await;
    expect(&reply, 200);
    let runs = reply.json();
    for run in runs.as_array().unwrap() {
        assert_keys(run, &RUN_FIELDS);
    }
    let newest_first: Vec<String> = started.iter().rev().cloned().collect();
    assert_eq!(ids(runs.as_array().unwrap()), newest_first);
    assert_eq!(reply.header("limit").as_deref(), Some("20"));

    let first = api.get(&format!("{path}?limit=2&order=asc")).await;
    assert_eq!(ids(first.json().as_array().unwrap()), started[..2]);
    assert_eq!(first.header("has-more").as_deref(), Some("true"));
    assert_eq!(
        first.next_link().unwrap(),
        format!(
            "{}{path}?limit=2&order=asc&after={}",
            api.mock.url(),
            started[1]
        )
    );
    let (walked, pages) = api.walk(&format!("{path}?limit=2&order=asc")).await;
    assert_eq!((ids(&walked), pages), (started.clone(), 2));
    let before = api
        .get(&format!("{path}?order=asc&before={}", started[2]))
        .await;
    assert_eq!(ids(before.json().as_array().unwrap()), started[..2]);

    // Reading a run moves it on (Advance::PerRead), so the status filter has something to pick.
    expect(&api.get(&format!("/runs/{}", started[1])).await, 200);
    let queued = api.get(&format!("{path}?status=queued")).await;
    assert_eq!(ids(queued.json().as_array().unwrap()), [started[1].clone()]);

    expect_invalid_get(
        &api,
        &[
            (format!("{path}?limit=0"), "`limit`"),
            (format!("{path}?order=up"), "`order`"),
            (format!("{path}?after=run_0000000000000000"), "`after`"),
            (format!("{path}?after=%+1"), "two hexadecimal digits"),
        ],
    )
    .await;

    let unknown = api.get("/automations/auto_0000000000000000/runs").await;
    expect(&unknown, 404);
    assert_eq!(unknown.kind(), "automation_not_found");
    expect(&api.delete(&format!("/automations/{other}")).await, 204);
    let deleted = api.get(&format!("/automations/{other}/runs")).await;
    expect(&deleted, 404);
    assert_eq!(deleted.kind(), "automation_not_found");
}
