//! Each error status the API documents, mapped to the right error, against `ittybit-mock`.

mod common;

use ittybit::error::{ApiErrorKind, UnexpectedBody};
use ittybit::http::{Method, StatusCode};
use ittybit::retry::RetryPolicy;
use ittybit::{Client, Error, Key, ListParams, NewKey, NewTask, Task, TaskKind, ops};
use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockServer, RetryAfter};

fn no_retries(mock: &MockServer) -> Client {
    common::builder(mock)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_invalid_key_is_unauthorized() {
    let mock = MockServer::start().await;
    let client = Client::builder()
        .api_key("ittybit_wrong")
        .base_url(mock.url())
        .build()
        .unwrap();
    let err = Task::list(&client, &ListParams::new()).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(err.api_kind(), Some(&ApiErrorKind::TokenInvalid));
    assert!(!err.to_string().contains("ittybit_wrong"), "{err}");
}

#[tokio::test]
async fn invalid_bodies_are_bad_requests_naming_the_field() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let err = Task::create(
        &client,
        &NewTask::new(
            "https://example.com/a.mp4",
            TaskKind::Other("teleport".into()),
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err}");
    assert_eq!(err.api_kind(), Some(&ApiErrorKind::RequestInvalid));
    assert!(err.to_string().contains("kind"), "{err}");

    let err = ops::create::<Task, _>(&client, &[], &serde_json::json!({"kind": "video"}))
        .await
        .unwrap_err();
    assert_eq!(err.api_kind(), Some(&ApiErrorKind::UrlRequired), "{err}");
}

#[tokio::test]
async fn missing_resources_are_not_found_with_their_kind() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let err = Task::get(&client, "task_nope").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "404 Not Found: task_not_found: {} (GET /tasks/task_nope)",
            match &err {
                Error::Api(api) => api
                    .message()
                    .unwrap_or_default()
                    .trim_end_matches('.')
                    .to_owned(),
                other => panic!("{other:?}"),
            }
        )
    );
    let err = ittybit::Run::get(&client, "run_nope").await.unwrap_err();
    assert_eq!(err.api_kind(), Some(&ApiErrorKind::RunNotFound));
    let err = ittybit::Event::get(&client, "evt_nope").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(
        err.api_kind(),
        Some(&ApiErrorKind::Other("event_not_found".into()))
    );
    // An id that tries to climb out of its segment is just an unknown task.
    let err = Task::get(&client, "../keys").await.unwrap_err();
    assert_eq!(err.api_kind(), Some(&ApiErrorKind::TaskNotFound));
}

#[tokio::test]
async fn a_wrong_method_is_method_not_allowed() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let err = ops::update::<Task, _>(&client, &[&"task_x"], &serde_json::json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::METHOD_NOT_ALLOWED));
    assert_eq!(
        err.api_kind().map(ApiErrorKind::as_str),
        Some("method_not_allowed")
    );
    let err = ops::action::<Task, serde_json::Value>(&client, Method::PUT, "", &[], ops::NO_BODY)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(405));
}

#[tokio::test]
async fn rate_limits_carry_retry_after_when_not_retried() {
    let mock = MockServer::start_with(MockConfig::default().fault(
        FaultSchedule::every(1),
        Fault::RateLimited {
            retry_after: RetryAfter::Seconds(30),
        },
    ))
    .await;
    let err = Task::list(&no_retries(&mock), &ListParams::new())
        .await
        .unwrap_err();
    assert!(
        err.status() == Some(StatusCode::TOO_MANY_REQUESTS) && err.is_retryable(),
        "{err}"
    );
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(30)));
    assert!(err.to_string().ends_with("retry after 30s"), "{err}");

    // With retries on, a wait beyond the cap is returned rather than slept.
    let client = common::builder(&mock)
        .retry(RetryPolicy::default().max_retry_after(std::time::Duration::from_secs(5)))
        .build()
        .unwrap();
    let before = mock.stats().requests;
    let err = Task::list(&client, &ListParams::new()).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(mock.stats().requests - before, 1);
}

#[tokio::test]
async fn outages_and_proxy_pages_are_distinct_errors() {
    let mock = MockServer::start_with(
        MockConfig::default().fault(FaultSchedule::every(1), Fault::Unavailable),
    )
    .await;
    let err = Task::list(&no_retries(&mock), &ListParams::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(matches!(err, Error::Api(_)), "{err:?}");

    let mock = MockServer::start_with(
        MockConfig::default().fault(FaultSchedule::every(1), Fault::BadGateway),
    )
    .await;
    let err = Task::list(&no_retries(&mock), &ListParams::new())
        .await
        .unwrap_err();
    let Error::Api(status) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(status.unexpected_body(), Some(UnexpectedBody::NotJson));
    assert!(
        status
            .content_type()
            .is_some_and(|ct| ct.starts_with("text/html"))
    );
    assert!(
        err.to_string()
            .starts_with("502 Bad Gateway: non-JSON error body"),
        "{err}"
    );
}

#[tokio::test]
async fn invalid_input_is_refused_before_anything_is_sent() {
    let (mock, client) = common::start(MockConfig::default()).await;
    let before = mock.stats().requests;
    for limit in [0, 101] {
        let err = Task::list(&client, &ListParams::new().limit(limit))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
    let err = Task::get(&client, "").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(mock.stats().requests, before);
}

#[test]
fn a_plain_http_base_url_is_refused_unless_loopback() {
    let err = Client::builder()
        .api_key("k")
        .base_url("http://api.ittybit.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(
        Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:4010")
            .build()
            .is_ok()
    );
}

/// A body that does not decode must not carry a secret into the error: no excerpt at all for
/// an answer holding a new key's secret, and credential-like keys redacted in every excerpt.
#[tokio::test]
async fn a_secret_never_reaches_an_error_message() {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::http::{StatusCode, header};
    use axum::routing::{get, post};

    const SECRET: &str = "ittybit_s3cr3t";
    static CREATED: AtomicUsize = AtomicUsize::new(0);
    /// A type for `/sessions` whose `count` fails.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Session {
        count: u32,
    }
    /// A type for `/sessions` whose `access_token` fails.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Numeric {
        access_token: u64,
    }
    let json = |status: StatusCode, body: String| {
        (status, [(header::CONTENT_TYPE, "application/json")], body)
    };
    let app = axum::Router::new()
        .route(
            "/keys",
            post(move || async move {
                let body = if CREATED.fetch_add(1, Ordering::SeqCst) == 0 {
                    // A date string where seconds belong.
                    format!(r#"{{"id":"key_1","object":"key","secret":"{SECRET}","created_at":"2025-01-01"}}"#)
                } else {
                    // The secret itself of the wrong type: serde would quote it.
                    r#"{"id":"key_1","object":"key","secret":31415926,"created_at":1}"#.to_owned()
                };
                json(StatusCode::CREATED, body)
            }),
        )
        .route(
            "/sessions",
            get(move || async move {
                json(
                    StatusCode::OK,
                    format!(r#"{{"id":"s_1","access_token":"{SECRET}","count":"many"}}"#),
                )
            }),
        )
        .route(
            "/broken",
            get(move || async move {
                json(
                    StatusCode::BAD_GATEWAY,
                    format!(r#"{{"error":{{"Api-Key":"{SECRET}","password":"{SECRET}"}}}}"#),
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder()
        .api_key("ittybit_test")
        .base_url(&url)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();

    let err = Key::create(&client, &NewKey::named("ci"))
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(err.is_decode() && shown.contains("created_at"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
    let err = Key::create(&client, &NewKey::named("ci"))
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(err.is_decode() && shown.contains("secret"), "{shown}");
    assert!(!shown.contains("31415926"), "{shown}");

    // Any excerpt: credential-like keys are redacted, the rest is shown.
    let err = client.path("/sessions").get::<Session>().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains(r#"\"access_token\":\"<redacted>\""#),
        "{shown}"
    );
    assert!(shown.contains("many") && !shown.contains(SECRET), "{shown}");
    // A value that fails under such a key is not quoted either.
    let err = client.path("/sessions").get::<Numeric>().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("access_token") && !shown.contains(SECRET),
        "{shown}"
    );
    let err = client.path("/broken").get::<Session>().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}
