//! `POST /keys`, `GET /keys`, `DELETE /keys/{id}`, and created keys as credentials.

use reqwest::Method;
use serde_json::json;

use crate::common::{Api, assert_id, assert_keys, expect};

const FIELDS: [&str; 6] = ["id", "object", "name", "status", "created_at", "updated_at"];

#[tokio::test]
async fn a_created_key_shows_its_secret_once_and_authenticates() {
    let api = Api::start().await;
    let reply = api.post("/keys", &json!({"name": "ci"})).await;
    expect(&reply, 201);
    let key = reply.json();
    let mut with_secret = FIELDS.to_vec();
    with_secret.push("secret");
    assert_keys(&key, &with_secret);
    assert_id(&key["id"], "key_");
    assert_eq!(
        (key["object"].as_str(), key["name"].as_str()),
        (Some("key"), Some("ci"))
    );
    assert_eq!(key["status"], "active");
    let secret = key["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("ittybit_"));

    let list = api.get("/keys").await;
    expect(&list, 200);
    let listed = &list.json()[0];
    assert_keys(listed, &FIELDS);
    assert_eq!(listed["id"], key["id"]);

    let as_key = |method: Method, path: &str| api.anonymous(method, path).bearer_auth(&secret);
    let task = api
        .send(
            as_key(Method::POST, "/tasks")
                .header("content-type", "application/json")
                .body(json!({"url": "https://example.com/a.mp4", "kind": "image"}).to_string()),
        )
        .await;
    expect(&task, 201);
    let run = api
        .get(&format!(
            "/runs/{}",
            task.json()["run_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(run.json()["created_by"], key["id"]);
    let mine = api
        .get(&format!(
            "/tasks?created_by={}",
            key["id"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], task.json()["id"]);

    let deleted = api
        .delete(&format!("/keys/{}", key["id"].as_str().unwrap()))
        .await;
    expect(&deleted, 204);
    assert!(deleted.body.is_empty());
    let refused = api.send(as_key(Method::GET, "/tasks")).await;
    expect(&refused, 401);
    assert_eq!(refused.kind(), "token_invalid");
    assert_eq!(api.get("/keys").await.json(), json!([]));
}

#[tokio::test]
async fn keys_get_a_default_name_and_unknown_keys_are_404() {
    let api = Api::start().await;
    let no_body = api.send(api.request(Method::POST, "/keys")).await;
    expect(&no_body, 201);
    assert!(no_body.json()["name"].is_string());
    let bad = api.post("/keys", &json!({"name": 5})).await;
    expect(&bad, 400);
    assert!(bad.message().contains("`name`"));
    let missing = api.delete("/keys/key_0000000000000000").await;
    expect(&missing, 404);
    assert_eq!(missing.kind(), "key_not_found");
    let not_allowed = api.get("/keys/key_0000000000000000").await;
    expect(&not_allowed, 405);
    assert_eq!(not_allowed.kind(), "method_not_allowed");
}
