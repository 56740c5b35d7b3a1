//! Resources of the caller's own (`MockConfig::resource`): nested collections, singletons and
//! integer ids, served with the rules of the shipped routes.

use std::time::Duration;

use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockResource};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Api, assert_id, expect};

/// Widgets `w_1`, `w_2`; parts of `w_1` (`part_1` … `part_25`) and one of `w_2`; the account;
/// counters 1 … 30.
fn config() -> MockConfig {
    let widgets = MockResource::collection(
        "/widgets",
        [
            json!({"id": "w_1", "colour": "red", "size": 3}),
            json!({"id": "w_2", "colour": "blue", "size": 5}),
        ],
    )
    .unwrap()
    .filter("colour")
    .filter("size");
    let parts = (1..=25)
        .map(|n| json!({"id": format!("part_{n}"), "widget_id": "w_1", "n": n}))
        .chain([json!({"id": "part_x", "widget_id": "w_2", "n": 0})]);
    let parts = MockResource::collection("/widgets/{widget_id}/parts", parts).unwrap();
    let account = MockResource::singleton("/account", json!({"name": "Acme"})).unwrap();
    let counters = (1..=30_u64).map(|n| json!({"id": n, "value": n * 10}));
    let counters = MockResource::collection("/counters", counters).unwrap();
    MockConfig::default()
        .resource(widgets)
        .resource(parts)
        .resource(account)
        .resource(counters)
}

/// The ids of a list reply.
fn ids(reply: &crate::common::Reply) -> Vec<Value> {
    reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].clone())
        .collect()
}

#[tokio::test]
async fn a_nested_collection_paginates_like_the_shipped_lists() {
    let api = Api::with(config()).await;
    let first = api.get("/widgets/w_1/parts?limit=10&order=asc").await;
    expect(&first, 200);
    assert_eq!(first.header("has-more").as_deref(), Some("true"));
    assert_eq!(first.header("limit").as_deref(), Some("10"));
    let page: Vec<Value> = (1..=10).map(|n| json!(format!("part_{n}"))).collect();
    assert_eq!(ids(&first), page);
    let next = first.next_link().expect("a next link");
    assert_eq!(
        next,
        api.url("/widgets/w_1/parts?limit=10&order=asc&after=part_10")
    );
    let second = api.get_url(&next).await;
    assert_eq!(ids(&second)[0], "part_11");
    let last = api
        .get("/widgets/w_1/parts?limit=10&order=asc&after=part_20")
        .await;
    assert_eq!(ids(&last).len(), 5);
    assert_eq!(last.header("has-more").as_deref(), Some("false"));
    assert!(last.header("link").is_none());

    // Newest first by default, only the parent's own parts, `before` as on shipped lists.
    let newest = api.get("/widgets/w_1/parts?limit=2").await;
    assert_eq!(ids(&newest), [json!("part_25"), json!("part_24")]);
    let before = api
        .get("/widgets/w_1/parts?limit=2&order=asc&before=part_5")
        .await;
    assert_eq!(ids(&before), [json!("part_3"), json!("part_4")]);
    assert_eq!(ids(&api.get("/widgets/w_2/parts").await), [json!("part_x")]);

    // Cursor and limit errors are the shipped ones.
    let unknown = api.get("/widgets/w_1/parts?after=nope").await;
    expect(&unknown, 400);
    assert_eq!(unknown.kind(), "request_invalid");
    assert!(
        unknown.message().contains("`after`"),
        "{}",
        unknown.message()
    );
    expect(&api.get("/widgets/w_1/parts?limit=101").await, 400);
}

#[tokio::test]
async fn objects_are_found_under_their_own_parent_only() {
    let api = Api::with(config()).await;
    let part = api.get("/widgets/w_1/parts/part_3").await;
    expect(&part, 200);
    assert_eq!(
        part.json(),
        json!({"id": "part_3", "widget_id": "w_1", "n": 3})
    );
    let elsewhere = api.get("/widgets/w_2/parts/part_3").await;
    expect(&elsewhere, 404);
    assert_eq!(elsewhere.kind(), "part_not_found");
    let parent = api.get("/widgets/w_9/parts").await;
    expect(&parent, 404);
    assert_eq!(parent.kind(), "widget_not_found");
    assert!(parent.message().contains("`w_9`"), "{}", parent.message());
    let unknown_route = api.get("/gadgets").await;
    expect(&unknown_route, 404);
    assert_eq!(unknown_route.kind(), "not_found");
}

#[tokio::test]
async fn a_singleton_answers_get_only() {
    let api = Api::with(config()).await;
    let account = api.get("/account").await;
    expect(&account, 200);
    assert_eq!(account.json(), json!({"name": "Acme"}));
    expect(&api.get("/account/1").await, 404);
    let post = api.post("/account", &json!({})).await;
    expect(&post, 405);
    assert_eq!(post.kind(), "method_not_allowed");
    assert_eq!(post.header("allow").as_deref(), Some("GET"));
}

#[tokio::test]
async fn integer_ids_page_and_are_created_in_sequence() {
    let api = Api::with(config()).await;
    let first = api.get("/counters?limit=20").await;
    assert_eq!(ids(&first)[0], 30);
    let second = api.get_url(&first.next_link().unwrap()).await;
    assert_eq!(
        ids(&second),
        (1..=10_u64).rev().map(Value::from).collect::<Vec<_>>()
    );
    assert_eq!(api.get("/counters/7").await.json()["value"], 70);
    let created = api.post("/counters", &json!({"value": 1})).await;
    expect(&created, 201);
    assert_eq!(created.json(), json!({"id": 31, "value": 1}));
    assert_eq!(api.get("/counters?limit=1").await.json()[0]["id"], 31);
}

#[tokio::test]
async fn lists_filter_by_declared_fields_and_objects_are_created_and_deleted() {
    let api = Api::with(config()).await;
    assert_eq!(ids(&api.get("/widgets?colour=red").await), [json!("w_1")]);
    assert_eq!(ids(&api.get("/widgets?size=5").await), [json!("w_2")]);
    assert_eq!(
        ids(&api.get("/widgets?colour=green").await),
        Vec::<Value>::new()
    );
    assert_eq!(
        ids(&api.get("/widgets?shape=round").await).len(),
        2,
        "undeclared: ignored"
    );

    let created = api.post("/widgets", &json!({"colour": "red"})).await;
    expect(&created, 201);
    let widget = created.json();
    assert_id(&widget["id"], "widget_");
    let id = widget["id"].as_str().unwrap();
    assert_eq!(ids(&api.get("/widgets?colour=red").await)[0], id);
    let part = api.post(&format!("/widgets/{id}/parts"), &json!({})).await;
    expect(&part, 201);
    assert_eq!(part.json()["widget_id"], id);

    expect(&api.delete(&format!("/widgets/{id}")).await, 204);
    let gone = api.delete(&format!("/widgets/{id}")).await;
    expect(&gone, 404);
    assert_eq!(gone.kind(), "widget_not_found");
    let invalid = api
        .send(
            api.request(Method::POST, "/widgets")
                .header("content-type", "application/json")
                .body("[1]"),
        )
        .await;
    expect(&invalid, 400);
    expect(
        &api.send(api.request(Method::PUT, "/widgets/w_1")).await,
        405,
    );
}

#[tokio::test]
async fn the_front_door_applies_auth_faults_and_the_rate_cap() {
    let api = Api::with(config()).await;
    let anonymous = api.send(api.anonymous(Method::GET, "/account")).await;
    expect(&anonymous, 401);
    assert_eq!(anonymous.kind(), "token_missing");

    let faulted = Api::with(config().fault(FaultSchedule::every(2), Fault::Unavailable)).await;
    expect(&faulted.get("/widgets/w_1/parts").await, 200);
    let fault = faulted.get("/widgets/w_1/parts").await;
    expect(&fault, 503);
    assert_eq!(fault.kind(), "service_unavailable");

    let capped = Api::with(config().rate_limit(2, Duration::from_secs(3600))).await;
    expect(&capped.get("/counters").await, 200);
    expect(&capped.get("/account").await, 200);
    let throttled = capped.get("/counters/1").await;
    expect(&throttled, 429);
    assert!(throttled.header("retry-after").is_some());
    assert_eq!(capped.mock.stats().throttled, 1);
}

#[tokio::test]
async fn a_running_server_takes_more_resources() {
    let api = Api::start().await;
    expect(&api.get("/gadgets").await, 404);
    api.mock
        .add_resource(MockResource::collection("/gadgets", [json!({"id": "g_1"})]).unwrap());
    api.mock
        .add_resource(MockResource::collection("/gadgets", [json!({"id": "g_2"})]).unwrap());
    assert_eq!(
        ids(&api.get("/gadgets").await),
        [json!("g_2"), json!("g_1")]
    );
}

#[tokio::test]
async fn odd_paths_near_a_resource_are_clear_errors() {
    let api = Api::with(config()).await;
    let long = format!("/widgets/w_1/parts/{}", "x".repeat(10_000));
    for path in [
        "/widgets/%FF/parts",
        "/widgets/%zz",
        "/widgets/w_1/parts/",
        "/widgets//parts",
        "/widgets/w_1/parts/part_1/more",
        long.as_str(),
    ] {
        let reply = api.get(path).await;
        assert_eq!(reply.status, 404, "{path}: {reply:?}");
        assert!(reply.kind().ends_with("not_found"), "{path}");
    }
    // An encoded id is decoded before it is looked up, as on the shipped routes.
    let encoded = api.get("/widgets/w%5F1/parts/part%5F2").await;
    expect(&encoded, 200);
    assert_eq!(encoded.json()["id"], "part_2");
}
