//! A hostile or broken server cannot hurt the caller: bodies are bounded, walks end, links
//! with credentials are refused, absurd `Retry-After` values are not slept. Over real HTTP.

mod support;

use std::time::Duration;

use ittybit_runtime::error::{PaginationError, UnexpectedBody};
use ittybit_runtime::http::StatusCode;
use ittybit_runtime::retry::RetryPolicy;
use ittybit_runtime::{Error, ListParams, ops};
use support::{Item, Reply, TestServer, items};

const LIMIT: usize = 1024 * 1024;

fn too_large(err: &Error) -> &ittybit_runtime::error::BodyTooLargeError {
    match err {
        Error::BodyTooLarge(e) => e,
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_declared_huge_body_is_refused_at_once_and_not_retried() {
    let server = TestServer::start(|_| Reply::Declared {
        status: 200,
        declared: 512 * 1024 * 1024,
    });
    let client = server.builder().max_body_size(LIMIT).build().unwrap();
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    let e = too_large(&err);
    assert_eq!((e.limit(), e.declared()), (LIMIT, Some(512 * 1024 * 1024)));
    assert_eq!(e.request().to_string(), "GET /items/item_1");
    // The same, through the questions every error answers.
    assert_eq!(err.status(), Some(reqwest::StatusCode::OK));
    assert_eq!(
        err.request().map(ToString::to_string).as_deref(),
        Some("GET /items/item_1")
    );
    assert_eq!(server.count(), 1, "not retried");
    let text = err.to_string();
    for part in [
        "GET /items/item_1",
        "1048576 bytes",
        "Content-Length: 536870912",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    assert!(!err.is_retryable());

    // Any success status: the error reports the one it had.
    let created = TestServer::start(|_| Reply::Declared {
        status: 201,
        declared: 512 * 1024 * 1024,
    });
    let client = created.builder().max_body_size(LIMIT).build().unwrap();
    let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert_eq!(too_large(&err).status().as_u16(), 201);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(201));
}

#[tokio::test]
async fn an_endless_chunked_body_is_cut_at_the_limit() {
    let server = TestServer::start(|_| Reply::Endless { status: 200 });
    let client = server.builder().max_body_size(LIMIT).build().unwrap();
    let err = ops::stream::<Item>(&client, &[], &ListParams::new())
        .try_next()
        .await
        .unwrap_err();
    let e = too_large(&err);
    assert_eq!((e.limit(), e.declared()), (LIMIT, None));
    assert_eq!(e.status().as_u16(), 200);
    assert_eq!(server.count(), 1, "not retried");
}

#[tokio::test]
async fn the_default_limit_is_tens_of_mebibytes() {
    let server = TestServer::start(|_| Reply::Endless { status: 200 });
    let err = ops::get::<Item>(&server.client(), &[&"x"])
        .await
        .unwrap_err();
    assert_eq!(
        too_large(&err).limit(),
        ittybit_runtime::Client::DEFAULT_MAX_BODY_SIZE
    );
    assert_eq!(
        ittybit_runtime::Client::DEFAULT_MAX_BODY_SIZE,
        32 * 1024 * 1024
    );
}

#[tokio::test]
async fn a_body_that_arrives_in_many_reads_is_read_whole_up_to_exactly_the_limit() {
    // About 1.5 MiB: it reaches the client in many reads, not one.
    let ids: Vec<String> = (0..60_000).map(|i| format!("item_{i:08}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let body = items(&refs);
    let len = body.len();
    let server = TestServer::start(move |_| Reply::json(200, &body));
    let list = |limit| {
        let client = server.builder().max_body_size(limit).build().unwrap();
        async move { ops::list::<Item>(&client, &[], &ListParams::new()).await }
    };
    let page = list(len).await.unwrap();
    let got: Vec<&str> = page.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(got, refs);
    let err = list(len - 1).await.unwrap_err();
    assert_eq!(too_large(&err).limit(), len - 1);
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_up_to_its_small_cap() {
    let server = TestServer::start(|_| Reply::Endless { status: 500 });
    let err = ops::get::<Item>(&server.client(), &[&"x"])
        .await
        .unwrap_err();
    let Error::Api(status) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(status.unexpected_body(), Some(UnexpectedBody::TooLarge));
    assert_eq!(status.status().as_u16(), 500);
    assert!(err.to_string().len() < 600, "{err}");
}

#[tokio::test]
async fn a_body_within_the_limit_is_read_whole() {
    let body = items(&["item_1"]);
    let limit = body.len();
    let server = TestServer::start(move |_| Reply::json(200, &items(&["item_1"])));
    let exact = server.builder().max_body_size(limit).build().unwrap();
    let page = ops::list::<Item>(&exact, &[], &ListParams::new())
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    let short = server.builder().max_body_size(limit - 1).build().unwrap();
    let err = ops::list::<Item>(&short, &[], &ListParams::new())
        .await
        .unwrap_err();
    assert_eq!(too_large(&err).limit(), limit - 1);
}

fn walk_error(err: &Error) -> &PaginationError {
    match err {
        Error::Pagination(p) => p,
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

/// Walks everything, returning the ids handed out and the error that ended the walk.
async fn walk(server: &TestServer) -> (Vec<String>, Option<Error>) {
    let mut stream = ops::stream::<Item>(&server.client(), &[], &ListParams::new()).prefetch(0);
    let mut ids = Vec::new();
    loop {
        match stream.try_next().await {
            Ok(Some(item)) => ids.push(item.id),
            Ok(None) => return (ids, None),
            Err(err) => return (ids, Some(err)),
        }
    }
}

#[tokio::test]
async fn next_links_that_differ_only_by_fragment_are_a_loop() {
    let server = TestServer::start(|request| {
        Reply::json(200, &items(&[&format!("item_{}", request.index)]))
            .with_header("link", &format!("</items#{}>; rel=\"next\"", request.index))
    });
    let (ids, err) = walk(&server).await;
    let err = err.expect("the walk ends");
    assert!(
        matches!(walk_error(&err), PaginationError::Loop { .. }),
        "{err}"
    );
    assert_eq!(ids, ["item_0"]);
    assert_eq!(
        server.count(),
        1,
        "the fragment never reached the wire twice"
    );
    assert!(server.requests().iter().all(|r| !r.target.contains('#')));
}

#[tokio::test]
async fn the_same_page_under_a_new_url_ends_the_walk_without_duplicates() {
    let server = TestServer::start(|request| {
        Reply::json(200, &items(&["item_1", "item_2"])).with_header(
            "link",
            &format!("</items?page={}>; rel=\"next\"", request.index + 1),
        )
    });
    let (ids, err) = walk(&server).await;
    let err = err.expect("the walk ends");
    assert!(
        matches!(walk_error(&err), PaginationError::Loop { .. }),
        "{err}"
    );
    assert_eq!(ids, ["item_1", "item_2"], "no item twice");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_cursor_that_does_not_advance_ends_the_walk() {
    let server = TestServer::start(|request| {
        Reply::json(200, &items(&[&format!("item_{}", request.index)])).with_header(
            "link",
            &format!("</items?after=item_0&n={}>; rel=\"next\"", request.index),
        )
    });
    let (ids, err) = walk(&server).await;
    let err = err.expect("the walk ends");
    assert!(
        matches!(walk_error(&err), PaginationError::Loop { .. }),
        "{err}"
    );
    assert_eq!(ids, ["item_0", "item_1"]);
    assert_eq!(server.count(), 2, "the stuck cursor is not followed");
}

#[tokio::test]
async fn next_links_with_credentials_are_refused_and_never_sent() {
    let server = TestServer::start(|_| Reply::json(200, &items(&["item_1"])));
    let link = format!(
        "<{}>; rel=\"next\"",
        server.url.replace("http://", "http://user:pw@")
    );
    let server2 = TestServer::start(move |_| {
        Reply::json(200, &items(&["item_1"])).with_header("link", &link)
    });
    let (ids, err) = walk(&server2).await;
    let err = err.expect("the walk ends");
    assert!(
        matches!(
            walk_error(&err),
            PaginationError::Credentials { .. } | PaginationError::CrossOrigin { .. }
        ),
        "{err}"
    );
    assert_eq!(ids, ["item_1"]);
    assert_eq!(server.count(), 0);

    // On the same origin too, with a user, a password or both.
    for credentials in ["user:pw@", "user@", ":pw@"] {
        let same = TestServer::start(move |request| {
            let me = request.header("host").unwrap_or_default().to_owned();
            Reply::json(200, &items(&["item_1"])).with_header(
                "link",
                &format!("<http://{credentials}{me}/items?after=item_1>; rel=\"next\""),
            )
        });
        let (_, err) = walk(&same).await;
        let err = err.expect("the walk ends");
        assert!(
            matches!(walk_error(&err), PaginationError::Credentials { .. }),
            "{credentials}: {err}"
        );
        assert!(!err.to_string().contains("pw"), "{err}");
        // Only the first page was requested, with the client's own key.
        assert_eq!(same.count(), 1, "{credentials}");
        assert_eq!(
            same.requests()[0].header("authorization"),
            Some("Bearer ittybit_test_secret")
        );
    }
}

#[tokio::test]
async fn an_invalid_next_link_is_shown_without_what_could_be_a_credential() {
    let server = TestServer::start(|_| {
        Reply::json(200, &items(&["item_1"])).with_header(
            "link",
            "<http://user:hunter2@[::1/x?token=hunter2>; rel=\"next\"",
        )
    });
    let (ids, err) = walk(&server).await;
    let err = err.expect("the walk ends");
    assert!(
        matches!(walk_error(&err), PaginationError::InvalidLink { .. }),
        "{err}"
    );
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert_eq!(ids, ["item_1"]);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_server_echoing_the_key_never_puts_it_in_an_error() {
    // An echo service where the API should be: the request's headers, back in every form.
    let server = TestServer::start(|request| {
        let auth = request
            .header("authorization")
            .unwrap_or_default()
            .to_owned();
        let key = auth.trim_start_matches("Bearer ").to_owned();
        match request.index % 5 {
            0 => Reply::json(
                200,
                &format!(r#"{{"headers":{{"Authorization":"{auth}"}}}}"#),
            ),
            1 => Reply::status(
                502,
                "text/html",
                &format!("<pre>Authorization: {auth}</pre>"),
            ),
            2 => Reply::status(200, "text/plain", &format!("authorization: {auth}")),
            // The key alone, in the API's error message and in a response header.
            3 => Reply::json(
                401,
                &format!(r#"{{"kind":"token_invalid","message":"The key {key} is not valid."}}"#),
            )
            .with_header("x-echo", &key),
            _ => Reply::status(200, "text/plain", &format!("key={key}")),
        }
    });
    let client = server
        .builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    for _ in 0..5 {
        let err = ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("ittybit_test_secret"), "{shown}");
    }
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn a_retry_after_too_large_to_represent_is_beyond_the_cap() {
    let server = TestServer::start(|_| {
        Reply::json(429, r#"{"kind":"rate_limited","message":"Slow down."}"#)
            .with_header("retry-after", "99999999999999999999999")
    });
    let client = server
        .builder()
        .retry(RetryPolicy::default().max_retries(3))
        .build()
        .unwrap();
    let err = ops::get::<Item>(&client, &[&"x"]).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.count(), 1, "not retried at once");
    assert_eq!(err.retry_after(), Some(Duration::MAX));
}
