//! Error responses: authentication, unknown routes, wrong methods and framework rejections.

use reqwest::Method;

use crate::common::{Api, expect};

#[tokio::test]
async fn requests_without_a_valid_key_are_401() {
    let api = Api::start().await;
    let missing = api.send(api.anonymous(Method::GET, "/tasks")).await;
    expect(&missing, 401);
    assert_eq!(missing.kind(), "token_missing");
    let empty = api
        .send(
            api.anonymous(Method::GET, "/tasks")
                .header("authorization", "Bearer "),
        )
        .await;
    assert_eq!(empty.kind(), "token_missing");
    for header in [
        "Bearer ittybit_wrong",
        "Basic dXNlcjpwYXNz",
        "ittybit_mock_key",
    ] {
        let reply = api
            .send(
                api.anonymous(Method::GET, "/tasks")
                    .header("authorization", header),
            )
            .await;
        expect(&reply, 401);
        assert_eq!(reply.kind(), "token_invalid", "{header}");
    }
    let lower = api
        .send(
            api.anonymous(Method::GET, "/tasks")
                .header("authorization", "bearer ittybit_mock_key"),
        )
        .await;
    expect(&lower, 200);
    let unknown_route = api.send(api.anonymous(Method::GET, "/nowhere")).await;
    expect(&unknown_route, 401);
    assert_eq!(unknown_route.kind(), "token_missing");
}

#[tokio::test]
async fn unknown_routes_are_json_404s() {
    let api = Api::start().await;
    for path in [
        "/nowhere",
        "/tasks/",
        "/v1/tasks",
        "/tasks/task_x/extra",
        "/",
    ] {
        let reply = api.get(path).await;
        expect(&reply, 404);
        assert_eq!(reply.kind(), "not_found", "{path}");
    }
}

#[tokio::test]
async fn wrong_methods_are_json_405s() {
    let api = Api::start().await;
    for (method, path) in [
        (Method::DELETE, "/tasks"),
        (Method::PUT, "/tasks/task_0000000000000000"),
        (Method::POST, "/events"),
        (Method::GET, "/automations/auto_0000000000000000/run"),
        (Method::PATCH, "/runs/run_0000000000000000"),
    ] {
        let reply = api.send(api.request(method.clone(), path)).await;
        expect(&reply, 405);
        assert_eq!(reply.kind(), "method_not_allowed", "{method} {path}");
        assert!(reply.header("allow").is_some(), "{method} {path}");
    }
}

#[tokio::test]
async fn malformed_bodies_are_400_request_invalid() {
    let api = Api::start().await;
    let bad_json = api
        .send(
            api.request(Method::POST, "/tasks")
                .header("content-type", "application/json")
                .body("{\"url\":"),
        )
        .await;
    expect(&bad_json, 400);
    assert_eq!(bad_json.kind(), "request_invalid");
    assert!(bad_json.message().contains("JSON"));
    let array = api
        .send(
            api.request(Method::POST, "/runs")
                .header("content-type", "application/json")
                .body("[]"),
        )
        .await;
    expect(&array, 400);
    assert!(array.message().contains("object"));

    let body = r#"{"url":"https://example.com/a.mp4","kind":"video"}"#;
    let text = api
        .send(
            api.request(Method::POST, "/tasks")
                .header("content-type", "text/plain")
                .body(body),
        )
        .await;
    expect(&text, 400);
    assert_eq!(text.kind(), "request_invalid");
    assert!(
        text.message().contains("application/json"),
        "{}",
        text.message()
    );
    let none = api
        .send(api.request(Method::POST, "/tasks").body(body))
        .await;
    expect(&none, 400);
    assert!(none.message().contains("application/json"));
    let charset = api
        .send(
            api.request(Method::POST, "/tasks")
                .header("content-type", "application/json; charset=utf-8")
                .body(body),
        )
        .await;
    expect(&charset, 201);

    let patch = api
        .send(
            api.request(Method::PATCH, "/automations/auto_0000000000000000")
                .header("content-type", "text/xml")
                .body("<a/>"),
        )
        .await;
    expect(&patch, 400);
}

#[tokio::test]
async fn undecodable_path_segments_are_400_request_invalid() {
    let api = Api::start().await;
    let reply = api.get("/tasks/%FF%FE").await;
    expect(&reply, 400);
    assert_eq!(reply.kind(), "request_invalid");
}
