//! `/webhooks/endpoints` and `/webhooks/endpoints/{id}`.

use serde_json::json;

use crate::common::{Api, assert_id, assert_keys, expect, expect_invalid};

const FIELDS: [&str; 7] = [
    "id",
    "object",
    "url",
    "topics",
    "status",
    "created_at",
    "updated_at",
];

#[tokio::test]
async fn endpoints_can_be_created_read_listed_updated_and_deleted() {
    let api = Api::start().await;
    let reply = api
        .post(
            "/webhooks/endpoints",
            &json!({"url": "https://hooks.example.com/a", "topics": ["task.succeeded", "run.failed"]}),
        )
        .await;
    expect(&reply, 201);
    let endpoint = reply.json();
    assert_keys(&endpoint, &FIELDS);
    assert_id(&endpoint["id"], "we_");
    assert_eq!(endpoint["object"], "webhook_endpoint");
    assert_eq!(endpoint["status"], "active");
    assert_eq!(endpoint["topics"], json!(["task.succeeded", "run.failed"]));
    let path = format!("/webhooks/endpoints/{}", endpoint["id"].as_str().unwrap());

    let got = api.get(&path).await;
    expect(&got, 200);
    assert_eq!(got.json(), endpoint);
    let list = api.get("/webhooks/endpoints").await;
    expect(&list, 200);
    assert_eq!(list.json(), json!([endpoint]));

    let patched = api.patch(&path, &json!({"topics": ["task.created"]})).await;
    expect(&patched, 200);
    let patched = patched.json();
    assert_eq!(patched["topics"], json!(["task.created"]));
    assert_eq!(patched["url"], "https://hooks.example.com/a");
    let patched = api
        .patch(&path, &json!({"url": "https://hooks.example.com/b"}))
        .await;
    assert_eq!(patched.json()["url"], "https://hooks.example.com/b");
    assert_eq!(
        api.get(&path).await.json()["url"],
        "https://hooks.example.com/b"
    );

    let deleted = api.delete(&path).await;
    expect(&deleted, 204);
    assert!(deleted.body.is_empty());
    let gone = api.get(&path).await;
    expect(&gone, 404);
    assert_eq!(gone.kind(), "webhook_endpoint_not_found");
    assert_eq!(api.delete(&path).await.kind(), "webhook_endpoint_not_found");
    assert_eq!(
        api.patch(&path, &json!({})).await.kind(),
        "webhook_endpoint_not_found"
    );
}

#[tokio::test]
async fn endpoints_need_https_urls_and_known_topics() {
    let api = Api::start().await;
    let cases = [
        (json!({}), "`url`"),
        (json!({"url": "http://hooks.example.com"}), "`url`"),
        (json!({"url": "hooks.example.com"}), "`url`"),
        (
            json!({"url": "https://hooks.example.com", "topics": "task.created"}),
            "`topics`",
        ),
        (
            json!({"url": "https://hooks.example.com", "topics": ["task.exploded"]}),
            "`topics[0]`",
        ),
        (
            json!({"url": "https://hooks.example.com", "topics": ["run.failed", 3]}),
            "`topics[1]`",
        ),
    ];
    expect_invalid(&api, "/webhooks/endpoints", &cases).await;
    let created = api
        .post(
            "/webhooks/endpoints",
            &json!({"url": "https://hooks.example.com"}),
        )
        .await;
    expect(&created, 201);
    assert_eq!(created.json()["topics"], json!([]));
    let path = format!(
        "/webhooks/endpoints/{}",
        created.json()["id"].as_str().unwrap()
    );
    let bad = api
        .patch(&path, &json!({"url": "http://insecure.example.com"}))
        .await;
    expect(&bad, 400);
    assert!(bad.message().contains("`url`"));
}
