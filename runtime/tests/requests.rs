//! What goes on the wire and how answers map to results, over real HTTP.

mod support;

use ittybit_runtime::error::{ApiErrorKind, UnexpectedBody};
use ittybit_runtime::http::header::{HeaderName, HeaderValue};
use ittybit_runtime::http::{Method, StatusCode};
use ittybit_runtime::{Error, ListParams, ops};
use support::{Item, Reply, TestServer, items};

const ITEM: &str = r#"{"id":"item_1"}"#;

#[tokio::test]
async fn ids_reach_the_server_as_exactly_one_segment() {
    let server =
        TestServer::start(|_| Reply::json(404, r#"{"kind":"item_not_found","message":"No."}"#));
    let client = server.client();
    let cases = [
        ("../keys", "/items/..%2Fkeys"),
        ("a/b", "/items/a%2Fb"),
        ("x?y=1", "/items/x%3Fy%3D1"),
        ("%2F", "/items/%252F"),
        ("#frag", "/items/%23frag"),
        ("a b", "/items/a%20b"),
    ];
    for (id, _) in cases {
        let err = ops::get::<Item>(&client, &[&id]).await.unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
        ops::delete::<Item>(&client, &[&id]).await.unwrap_err();
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    let expected: Vec<&str> = cases.iter().flat_map(|(_, t)| [*t, *t]).collect();
    assert_eq!(targets, expected);
}

#[tokio::test]
async fn requests_carry_auth_user_agent_and_json_headers() {
    let server = TestServer::start(|_| Reply::json(201, ITEM));
    let client = server.builder().user_agent("my-app/2.0").build().unwrap();
    let _: Item = ops::create::<Item, _>(&client, &[], &serde_json::json!({"url": "https://x"}))
        .header(
            HeaderName::from_static("x-trace"),
            HeaderValue::from_static("abc"),
        )
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/items");
    assert_eq!(
        request.header("authorization"),
        Some("Bearer ittybit_test_secret")
    );
    assert_eq!(
        request.header("user-agent"),
        Some(concat!(
            "my-app/2.0 ittybit-runtime/",
            env!("CARGO_PKG_VERSION")
        ))
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("x-trace"), Some("abc"));
    assert_eq!(request.body, br#"{"url":"https://x"}"#);
}

#[tokio::test]
async fn any_2xx_is_success_and_its_status_and_headers_stay_reachable() {
    for status in [200, 201, 202] {
        let server =
            TestServer::start(move |_| Reply::json(status, ITEM).with_header("x-request-id", "r1"));
        let response = ops::create::<Item, _>(&server.client(), &[], &serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(response.headers()["x-request-id"], "r1");
        assert_eq!(response.value().id, "item_1");
    }
}

#[tokio::test]
async fn delete_accepts_204_an_empty_200_or_a_body() {
    for reply in [
        || Reply::status(204, "text/plain", ""),
        || Reply::status(200, "application/json", ""),
        || Reply::json(200, ITEM),
    ] {
        let server = TestServer::start(move |_| reply());
        ops::delete::<Item>(&server.client(), &[&"item_1"])
            .await
            .unwrap();
        assert_eq!(server.requests()[0].method, "DELETE");
    }
}

#[tokio::test]
async fn empty_lists_are_empty_pages() {
    let server = TestServer::start(|_| Reply::json(200, "[]"));
    let page = ops::list::<Item>(&server.client(), &[], &ListParams::new())
        .await
        .unwrap();
    assert!(page.is_empty());
    assert_eq!(page.next_url(), None);
}

#[tokio::test]
async fn api_errors_keep_status_kind_message_and_headers() {
    let server = TestServer::start(|_| {
        Reply::json(
            404,
            r#"{"kind":"task_not_found","message":"The task does not exist."}"#,
        )
        .with_header("x-request-id", "r9")
    });
    let err = ops::get::<Item>(&server.client(), &[&"task_x"])
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "404 Not Found: task_not_found: The task does not exist (GET /items/task_x)"
    );
    assert_eq!(err.api_kind(), Some(&ApiErrorKind::TaskNotFound));
    assert_eq!(err.headers().unwrap()["x-request-id"], "r9");
    let Error::Api(api) = err else { panic!() };
    assert_eq!(api.message(), Some("The task does not exist."));
    assert_eq!(api.request().method(), Method::GET);
}

#[tokio::test]
async fn every_error_status_maps_to_a_readable_error() {
    let statuses = [
        400, 401, 402, 403, 404, 405, 408, 410, 413, 429, 500, 502, 503, 504,
    ];
    for status in statuses {
        for json in [true, false] {
            let server = TestServer::start(move |_| {
                if json {
                    Reply::json(status, r#"{"kind":"some_kind","message":"Some message."}"#)
                } else {
                    Reply::status(status, "text/html", "<html>proxy says no</html>")
                }
            });
            let client = server
                .builder()
                .retry(ittybit_runtime::retry::RetryPolicy::disabled())
                .build()
                .unwrap();
            let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
            let Error::Api(api) = &err else {
                panic!("{err:?}")
            };
            let text = err.to_string();
            assert!(text.starts_with(&status.to_string()), "{text}");
            assert!(text.contains("(GET /items/item_1)"), "{text}");
            if json {
                assert_eq!(api.message(), Some("Some message."));
                assert_eq!(api.unexpected_body(), None);
            } else {
                assert_eq!(api.unexpected_body(), Some(UnexpectedBody::NotJson));
                assert!(text.contains("proxy says no"), "{text}");
                assert_eq!(api.excerpt(), "<html>proxy says no</html>");
                assert_eq!(api.content_type(), Some("text/html"));
            }
        }
    }
}

#[tokio::test]
async fn a_body_that_does_not_decode_names_the_request_and_the_field() {
    let server = TestServer::start(|_| {
        Reply::json(
            200,
            &format!(r#"[{{"id":"a"}},{{"id":7}}]{}"#, " ".repeat(500)),
        )
    });
    let err = ops::list::<Item>(&server.client(), &[], &ListParams::new())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.field_path(), "[1].id");
    assert_eq!(decode.status(), reqwest::StatusCode::OK);
    assert!(
        decode.message().starts_with("invalid type: integer `7`"),
        "{}",
        decode.message()
    );
    assert!(
        decode.excerpt().starts_with(r#"[{"id":"a"},{"id":7}]"#),
        "{}",
        decode.excerpt()
    );
    assert_eq!(err.status(), Some(reqwest::StatusCode::OK));
    assert_eq!(
        err.request().map(ToString::to_string).as_deref(),
        Some("GET /items")
    );
    assert!(decode.excerpt().len() <= ittybit_runtime::error::EXCERPT_LEN + 3);
    let text = err.to_string();
    assert!(
        text.contains("200 OK response to GET /items at `[1].id`"),
        "{text}"
    );
}

#[tokio::test]
async fn invalid_ids_fail_before_sending() {
    let server = TestServer::start(|_| Reply::json(200, ITEM));
    for id in ["", ".", ".."] {
        let err = ops::get::<Item>(&server.client(), &[&id])
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn actions_fill_the_id_and_send_the_body() {
    let server = TestServer::start(|_| Reply::json(201, &items(&["run_1"])));
    let ids: Vec<Item> = ops::action::<Item, _>(
        &server.client(),
        Method::POST,
        "/{id}/run",
        &[&"item/1"],
        Some(&serde_json::json!({"url": "https://x"})),
    )
    .await
    .unwrap();
    assert_eq!(ids[0].id, "run_1");
    let request = &server.requests()[0];
    assert_eq!(request.target, "/items/item%2F1/run");
    assert_eq!(request.body, br#"{"url":"https://x"}"#);
}

#[tokio::test]
async fn a_decode_error_keeps_the_success_status_it_came_with() {
    let server = TestServer::start(|_| Reply::json(201, r#"{"id":7}"#));
    let err = ops::create::<Item, _>(&server.client(), &[], &serde_json::json!({}))
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.status().as_u16(), 201);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(201));
    assert_eq!(decode.request().to_string(), "POST /items");
}
