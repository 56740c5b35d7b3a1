//! Untyped calls follow the rules of typed ones: errors, retries, origin, pagination. Over
//! real HTTP.

mod support;

use ittybit_runtime::__private::NoFilters;
use ittybit_runtime::error::PaginationError;
use ittybit_runtime::http::StatusCode;
use ittybit_runtime::prelude::*;
use ittybit_runtime::{Cursor, Error, ListParams};
use serde_json::{Value, json};
use support::{Item, Recorded, Reply, TestServer, items};

/// Three pages of one item each, linked by `after`, under `/things`.
fn things(request: &Recorded) -> Reply {
    let n = match request.query("after") {
        None => 1,
        Some(after) => {
            after
                .trim_start_matches("thing_")
                .parse::<u32>()
                .unwrap_or(0)
                + 1
        }
    };
    let reply = Reply::json(200, &items(&[&format!("thing_{n}")]));
    if n < 3 {
        reply.with_header(
            "link",
            &format!("</things?limit=1&after=thing_{n}>; rel=\"next\""),
        )
    } else {
        reply
    }
}

#[tokio::test]
async fn get_post_patch_put_and_delete_any_path() {
    let server = TestServer::start(|request| match request.method.as_str() {
        "DELETE" => Reply::json(204, ""),
        _ => Reply::json(200, r#"{"id":"thing_1","colour":"red"}"#),
    });
    let client = server.client();
    let value: Value = client.path("/things/thing_1").get().await.unwrap();
    assert_eq!(value["colour"], "red");
    let item: Item = client
        .path("/things")
        .post(&json!({"colour": "red"}))
        .await
        .unwrap();
    assert_eq!(item.id, "thing_1");
    let _: Value = client
        .path("/things/thing_1")
        .patch(&json!({}))
        .await
        .unwrap();
    let _: Value = client
        .path("/things/thing_1")
        .put(&json!({}))
        .await
        .unwrap();
    client.path("/things/thing_1").delete().await.unwrap();
    let sent: Vec<(String, String)> = server
        .requests()
        .into_iter()
        .map(|r| (r.method, r.target))
        .collect();
    assert_eq!(
        sent,
        [
            ("GET", "/things/thing_1"),
            ("POST", "/things"),
            ("PATCH", "/things/thing_1"),
            ("PUT", "/things/thing_1"),
            ("DELETE", "/things/thing_1"),
        ]
        .map(|(m, t)| (m.to_owned(), t.to_owned()))
    );
    let posted = &server.requests()[1];
    assert_eq!(posted.header("content-type"), Some("application/json"));
    assert_eq!(posted.body, br#"{"colour":"red"}"#);
    assert_eq!(
        posted.header("authorization"),
        Some("Bearer ittybit_test_secret")
    );
}

#[tokio::test]
async fn errors_and_retries_are_those_of_typed_calls() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::status(502, "text/html", "<p>bad gateway</p>")
        } else {
            Reply::json(404, r#"{"kind":"thing_not_found","message":"No."}"#)
        }
    });
    let client = server.client();
    // GET: the 502 is retried, the 404 is final.
    let err = client.path("/things/x").get::<Value>().await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND), "{err}");
    assert_eq!(
        err.api_kind()
            .map(ittybit_runtime::error::ApiErrorKind::as_str),
        Some("thing_not_found")
    );
    assert_eq!(server.count(), 2);

    let server = TestServer::start(|_| Reply::status(502, "text/html", "<p>bad gateway</p>"));
    let err = server
        .client()
        .path("/things")
        .post::<Value>(&json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.unexpected_body().is_some()),
        "{err:?}"
    );
    assert_eq!(
        server.count(),
        1,
        "a POST that may have been processed is not sent twice"
    );
}

#[tokio::test]
async fn paths_that_could_leave_the_base_url_are_refused_before_sending() {
    let server = TestServer::start(|_| Reply::json(200, "{}"));
    let client = server.client();
    for path in [
        "things",
        "//evil.example/things",
        "/things?x=1",
        "/things#x",
        "/a/../keys",
        "/a/%2e%2E/keys",
        "/a/./b",
        "/a\\b",
        "/a\nb",
        "/things?api_key=hunter2",
        "//user:hunter2@evil.example/things",
    ] {
        let err = client.path(path).get::<Value>().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{path:?}: {err:?}");
        assert!(!format!("{err} {err:?}").contains("hunter2"), "{err}");
        let err = client
            .path(path)
            .stream::<Value>(&ListParams::<NoFilters>::new())
            .try_next()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{path:?}: {err:?}");
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn an_untyped_walk_paginates_and_resumes_by_the_same_rules() {
    let server = TestServer::start(things);
    let client = server.client();
    let mut walk = client
        .path("/things")
        .stream::<Value>(&ListParams::<NoFilters>::new().limit(1));
    let mut ids = Vec::new();
    while let Some(thing) = walk.try_next().await.unwrap() {
        ids.push(thing["id"].as_str().unwrap().to_owned());
        if ids.len() == 1 {
            assert_eq!(
                walk.cursor().unwrap().as_str(),
                "/things?limit=1&after=thing_1"
            );
        }
    }
    assert_eq!(ids, ["thing_1", "thing_2", "thing_3"]);

    let page = client
        .path("/things")
        .list::<Item>(&ListParams::<NoFilters>::new().limit(1))
        .await
        .unwrap();
    assert_eq!(page.items()[0].id, "thing_1");

    let cursor: Cursor = "/things?limit=1&after=thing_2".parse().unwrap();
    let mut resumed = client.path("/things").resume::<Value>(&cursor);
    assert_eq!(resumed.try_next().await.unwrap().unwrap()["id"], "thing_3");
    let err = client
        .path("/other")
        .resume::<Value>(&cursor)
        .try_next()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::CursorMismatch { .. })),
        "{err}"
    );
}

#[tokio::test]
async fn an_untyped_walk_refuses_other_origins() {
    let elsewhere = TestServer::start(things);
    let link = format!("<{}/things?after=thing_1>; rel=\"next\"", elsewhere.url);
    let server = TestServer::start(move |_| {
        Reply::json(200, &items(&["thing_1"])).with_header("link", &link)
    });
    let mut walk = server
        .client()
        .path("/things")
        .stream::<Value>(&ListParams::<NoFilters>::new());
    assert!(walk.try_next().await.unwrap().is_some());
    let err = walk.try_next().await.unwrap_err();
    assert!(
        matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::CrossOrigin { .. })),
        "{err}"
    );
    assert_eq!(elsewhere.count(), 0);
}

#[tokio::test]
async fn an_untyped_walk_resumes_from_its_own_cursor_whatever_its_path_holds() {
    // Two pages of one item each, under any path.
    let server = TestServer::start(|request| match request.query("after") {
        None => Reply::json(200, &items(&["thing_1"])).with_header("has-more", "true"),
        Some(_) => Reply::json(200, &items(&["thing_2"])).with_header("has-more", "false"),
    });
    let client = server.client();
    let params = ListParams::<NoFilters>::new().limit(1);
    for path in ["/my things", "/ünï/things", "/{x}", "/a%20b/{id}/runs"] {
        let mut walk = client.path(path).stream::<Value>(&params);
        assert_eq!(walk.try_next().await.unwrap().unwrap()["id"], "thing_1");
        let cursor = walk.cursor().unwrap();
        let mut resumed = client.path(path).resume::<Value>(&cursor);
        let next = resumed
            .try_next()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(next.unwrap()["id"], "thing_2", "{path}");
        let sent = server.requests().last().unwrap().target.clone();
        assert!(sent.ends_with("after=thing_1"), "{path}: {sent}");
    }

    // A `{x}` segment of an untyped path is literal: it does not match another list.
    let before = server.count();
    let other: Cursor = "/tasks?limit=1&after=thing_1".parse().unwrap();
    for path in ["/{x}", "/{id}/runs"] {
        let err = client
            .path(path)
            .resume::<Value>(&other)
            .try_next()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::CursorMismatch { .. })),
            "{path}: {err}"
        );
    }
    let other: Cursor = "/task/runs?after=thing_1".parse().unwrap();
    assert!(
        client
            .path("/{id}/runs")
            .resume::<Value>(&other)
            .try_next()
            .await
            .is_err()
    );
    assert_eq!(server.count(), before);
}

#[tokio::test]
async fn an_untyped_walk_continues_after_numeric_ids_and_stops_at_items_without_one() {
    // 57 items with numeric ids, 20 a page, continued by `after` alone; an empty or
    // non-numeric `after` is a 400, as the API answers it.
    let server = TestServer::start(|request| {
        let start = match request.query("after") {
            None => 0,
            Some(after) => match after.parse::<usize>() {
                Ok(after) => after + 1,
                Err(_) => {
                    return Reply::json(400, r#"{"kind":"request_invalid","message":"bad after"}"#);
                }
            },
        };
        let end = (start + 20).min(57);
        let body: Vec<String> = (start..end).map(|id| format!(r#"{{"id":{id}}}"#)).collect();
        Reply::json(200, &format!("[{}]", body.join(",")))
            .with_header("has-more", if end < 57 { "true" } else { "false" })
    });
    let client = server.client();
    let ids: Vec<u64> = client
        .path("/numbers")
        .stream::<Value>(&ListParams::<NoFilters>::new())
        .map_ok(|item| item["id"].as_u64().unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, (0..57).collect::<Vec<u64>>());
    assert_eq!(server.count(), 3);

    // Items without a usable id: the walk ends with an error, and no `after=` is sent.
    let overlong = format!(r#"{{"id":"{}"}}"#, "x".repeat(1024 + 1));
    for item in [
        r#"{"name":"x"}"#,
        r#"{"id":null}"#,
        r#"{"id":{"a":1}}"#,
        r#"{"id":""}"#,
        &overlong,
    ] {
        let body = format!("[{item}]");
        let server =
            TestServer::start(move |_| Reply::json(200, &body).with_header("has-more", "true"));
        let mut walk = server
            .client()
            .path("/things")
            .stream::<Value>(&ListParams::<NoFilters>::new());
        assert!(walk.try_next().await.unwrap().is_some());
        let err = walk.try_next().await.unwrap_err();
        assert!(
            matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::NoCursor { .. })),
            "{} bytes: {err}",
            item.len()
        );
        assert!(err.to_string().len() < 300, "{err}");
        assert_eq!(server.count(), 1, "{} bytes", item.len());
    }
}

#[tokio::test]
async fn an_untyped_walk_over_items_without_ids_follows_its_links_to_the_end() {
    // Three pages of one id-less item each, linked by page number.
    let server = TestServer::start(|request| {
        let page: u32 = request.query("page").map_or(1, |p| p.parse().unwrap());
        let reply = Reply::json(200, &format!(r#"[{{"page":{page}}}]"#));
        if page < 3 {
            reply.with_header(
                "link",
                &format!("</things?page={}>; rel=\"next\"", page + 1),
            )
        } else {
            reply
        }
    });
    let pages: Vec<u64> = server
        .client()
        .path("/things")
        .stream::<Value>(&ListParams::<NoFilters>::new())
        .map_ok(|item| item["page"].as_u64().unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages, [1, 2, 3]);
}

#[tokio::test]
async fn an_unfiltered_list_needs_no_filter_type() {
    let server = TestServer::start(things);
    let client = server.client();
    // No turbofish on `ListParams`: `unfiltered` fixes the filter type.
    let page = client
        .path("/things")
        .list::<Value>(&ListParams::unfiltered())
        .await
        .unwrap();
    assert_eq!(page.items()[0]["id"], "thing_1");
    let mut walk = client
        .path("/things")
        .stream::<Value>(&ListParams::unfiltered().limit(1));
    let mut ids = Vec::new();
    while let Some(thing) = walk.try_next().await.unwrap() {
        ids.push(thing["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids, ["thing_1", "thing_2", "thing_3"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets[0], "/things", "no parameters are sent");
    assert_eq!(targets[1], "/things?limit=1");
    assert_eq!(
        ListParams::unfiltered(),
        ListParams::<NoFilters>::new(),
        "the same parameters"
    );
}
