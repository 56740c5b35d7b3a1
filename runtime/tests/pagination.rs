//! List walks over real HTTP: link following, Has-More, loops, origins, prefetch, resume.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ittybit_runtime::error::PaginationError;
use ittybit_runtime::http::StatusCode;
use ittybit_runtime::prelude::*;
use ittybit_runtime::{Error, ItemStream, ListParams, ops};
use support::{FailsAfterTheFirstPage, Item, ItemFilters, Recorded, Reply, TestServer, items};

/// A list of `total` items `item_0 …`, paginated by `after` with `Link` and `Has-More`.
fn paginated(total: usize) -> impl Fn(&Recorded) -> Reply + Send + Sync + 'static {
    move |request| {
        let limit: usize = request
            .query("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(20);
        let start = request
            .query("after")
            .and_then(|a| a.strip_prefix("item_"))
            .and_then(|n| n.parse::<usize>().ok())
            .map_or(0, |n| n + 1);
        let end = (start + limit).min(total);
        let ids: Vec<String> = (start..end).map(|i| format!("item_{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let more = end < total;
        let mut reply = Reply::json(200, &items(&ids))
            .with_header("has-more", if more { "true" } else { "false" })
            .with_header("limit", &limit.to_string());
        if more {
            reply = reply.with_header(
                "link",
                &format!(
                    "</items?limit={limit}&after=item_{}>; rel=\"next\"",
                    end - 1
                ),
            );
        }
        reply
    }
}

async fn collect(stream: ItemStream<Item>) -> Vec<String> {
    stream.map_ok(|item| item.id).try_collect().await.unwrap()
}

fn ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("item_{i}")).collect()
}

#[tokio::test]
async fn walks_every_item_exactly_once_with_and_without_prefetch() {
    let server = TestServer::start(paginated(95));
    for depth in [0, 1, 3] {
        let before = server.count();
        let stream = ops::stream::<Item>(&server.client(), &[], &ListParams::new().limit(10))
            .prefetch(depth);
        assert_eq!(collect(stream).await, ids(0..95), "depth {depth}");
        assert_eq!(server.count() - before, 10, "depth {depth}");
    }
}

#[tokio::test]
async fn pages_carry_their_headers() {
    let server = TestServer::start(paginated(25));
    let mut pages = ops::pages::<Item>(&server.client(), &[], &ListParams::new().limit(10));
    let mut sizes = Vec::new();
    while let Some(page) = pages.try_next().await.unwrap() {
        assert_eq!(page.limit(), Some(10));
        sizes.push((page.len(), page.has_more()));
    }
    assert_eq!(
        sizes,
        [(10, Some(true)), (10, Some(true)), (5, Some(false))]
    );
}

#[tokio::test]
async fn has_more_false_ends_the_walk_even_with_a_next_link() {
    let server = TestServer::start(|_| {
        Reply::json(200, &items(&["item_0"]))
            .with_header("has-more", "false")
            .with_header("link", "</items?after=item_0>; rel=\"next\"")
    });
    let stream = ops::stream::<Item>(&server.client(), &[], &ListParams::new());
    assert_eq!(collect(stream).await, ["item_0"]);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn has_more_without_a_link_continues_after_the_last_id_with_the_same_parameters() {
    let server = TestServer::start(|request| {
        let (ids, more) = match request.query("after") {
            None => (vec!["item_0", "item_1"], "true"),
            Some("item_1") => (vec!["item_2"], "false"),
            Some(other) => panic!("unexpected cursor {other}"),
        };
        Reply::json(200, &items(&ids)).with_header("has-more", more)
    });
    let params = ListParams::new()
        .limit(2)
        .before("item_9")
        .filters(ItemFilters {
            status: Some("ok".into()),
        });
    let stream = ops::stream::<Item>(&server.client(), &[], &params);
    assert_eq!(collect(stream).await, ["item_0", "item_1", "item_2"]);
    let requests = server.requests();
    assert_eq!(requests[0].target, "/items?limit=2&before=item_9&status=ok");
    assert_eq!(requests[1].target, "/items?limit=2&status=ok&after=item_1");
}

#[tokio::test]
async fn an_empty_page_claiming_more_is_an_error_not_a_loop() {
    let server = TestServer::start(|_| Reply::json(200, "[]").with_header("has-more", "true"));
    let mut stream = ops::stream::<Item>(&server.client(), &[], &ListParams::new());
    let err = stream.try_next().await.unwrap_err();
    assert!(
        matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::EmptyPageClaimsMore { .. })),
        "{err:?}"
    );
    assert!(
        stream.try_next().await.unwrap().is_none(),
        "the walk is over"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_next_url_already_visited_is_an_error() {
    let server = TestServer::start(|request| {
        // Page 2 points back at page 1.
        let (ids, next) = match request.query("after") {
            None => (["item_0"], "</items?after=item_0>"),
            Some(_) => (["item_1"], "</items?limit=1>"),
        };
        Reply::json(200, &items(&ids)).with_header("link", &format!("{next}; rel=next"))
    });
    let stream = ops::stream::<Item>(&server.client(), &[], &ListParams::new().limit(1));
    let results: Vec<_> = stream.collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().id, "item_0");
    assert_eq!(results[1].as_ref().unwrap().id, "item_1");
    let err = results[2].as_ref().unwrap_err();
    assert!(
        err.to_string().contains("pagination loop: /items?limit=1"),
        "{err}"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_and_nothing_is_sent_there() {
    let elsewhere = TestServer::start(|_| Reply::json(200, "[]"));
    let target = format!("{}/items?after=item_0", elsewhere.url);
    let server = TestServer::start(move |_| {
        Reply::json(200, &items(&["item_0"])).with_header("link", &format!("<{target}>; rel=next"))
    });
    let mut stream = ops::stream::<Item>(&server.client(), &[], &ListParams::new());
    assert_eq!(stream.try_next().await.unwrap().unwrap().id, "item_0");
    let err = stream.try_next().await.unwrap_err();
    let Error::Pagination(pagination) = &err else {
        panic!("{err:?}")
    };
    let PaginationError::CrossOrigin {
        link_origin,
        base_origin,
    } = &**pagination
    else {
        panic!("{pagination:?}")
    };
    assert_eq!(link_origin, &elsewhere.url);
    assert_eq!(base_origin, &server.url);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(elsewhere.count(), 0, "the other origin received nothing");
}

#[tokio::test]
async fn links_resolve_against_the_request_url_with_or_without_a_leading_slash() {
    let server = TestServer::start(|request| match request.query("after") {
        None => Reply::json(200, &items(&["item_0"]))
            .with_header("link", "<items?after=item_0>; rel=next"),
        Some("item_0") => Reply::json(200, &items(&["item_1"]))
            .with_header("Links", "</v1/items?after=item_1>; rel=\"next last\""),
        Some(_) => Reply::json(200, &items(&["item_2"])),
    });
    let client = server
        .builder()
        .base_url(format!("{}/v1/", server.url))
        .build()
        .unwrap();
    let stream = ops::stream::<Item>(&client, &[], &ListParams::new());
    assert_eq!(collect(stream).await, ["item_0", "item_1", "item_2"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/items",
            "/v1/items?after=item_0",
            "/v1/items?after=item_1"
        ]
    );
}

/// Waits (in real time) until the server has seen `n` requests, or a second passes.
async fn settle(server: &TestServer, n: usize) {
    for _ in 0..100 {
        if server.count() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Give an unbounded producer time to overshoot, so the bound is really tested.
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[tokio::test]
async fn prefetch_stays_ahead_by_exactly_its_depth() {
    for depth in [0_usize, 1, 2] {
        let server = TestServer::start(paginated(100));
        let mut pages =
            ops::pages::<Item>(&server.client(), &[], &ListParams::new().limit(10)).prefetch(depth);
        let first = pages.try_next().await.unwrap().unwrap();
        assert_eq!(first.len(), 10);
        // The consumer holds page 1 and does nothing: the walk must fetch `depth` pages ahead,
        // and no more.
        settle(&server, 1 + depth).await;
        assert_eq!(server.count(), 1 + depth, "depth {depth}");
        let _second = pages.try_next().await.unwrap().unwrap();
        settle(&server, 2 + depth).await;
        assert_eq!(server.count(), 2 + depth, "depth {depth}");
    }
}

#[tokio::test]
async fn dropping_a_stream_stops_its_prefetch() {
    let server = TestServer::start(paginated(1000));
    let mut stream =
        ops::stream::<Item>(&server.client(), &[], &ListParams::new().limit(10)).prefetch(2);
    stream.try_next().await.unwrap();
    drop(stream);
    settle(&server, 3).await;
    let seen = server.count();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.count(), seen);
    assert!(seen <= 3, "{seen}");
}

#[tokio::test]
async fn a_walk_resumes_from_a_saved_cursor() {
    let server = TestServer::start(paginated(30));
    let client = server.client();
    let mut stream = ops::stream::<Item>(&client, &[], &ListParams::new().limit(10));
    let mut first = Vec::new();
    for _ in 0..13 {
        first.push(stream.try_next().await.unwrap().unwrap().id);
    }
    let cursor = stream.cursor().unwrap();
    assert_eq!(cursor.as_str(), "/items?limit=10&after=item_12");
    drop(stream);

    // The cursor survives as text.
    let cursor = cursor.to_string().parse().unwrap();
    let rest = collect(ItemStream::<Item>::resume(&client, &cursor)).await;
    first.extend(rest);
    assert_eq!(first, ids(0..30));

    // Page streams resume after their last page.
    let mut pages = ops::pages::<Item>(&client, &[], &ListParams::new().limit(10));
    pages.try_next().await.unwrap();
    let cursor = pages.cursor().unwrap();
    assert_eq!(cursor.as_str(), "/items?limit=10&after=item_9");
}

#[tokio::test]
async fn a_cursor_for_another_list_is_refused() {
    let server = TestServer::start(paginated(3));
    let cursor = "/tasks?after=task_1".parse().unwrap();
    let mut stream = ItemStream::<Item>::resume(&server.client(), &cursor);
    let err = stream.try_next().await.unwrap_err();
    assert!(
        err.to_string().contains("cannot resume a walk of /items"),
        "{err}"
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn invalid_parameters_fail_before_sending() {
    let server = TestServer::start(paginated(3));
    let client = server.client();
    let err = ops::list::<Item>(&client, &[], &ListParams::new().limit(0))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    let mut stream = ops::stream::<Item>(&client, &[], &ListParams::new().limit(101));
    assert!(stream.try_next().await.is_err());
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn an_error_mid_walk_keeps_the_items_before_it_and_ends_the_walk() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let inner = paginated(50);
    let server = TestServer::start(move |request| {
        if counter.fetch_add(1, Ordering::SeqCst) == 2 {
            Reply::json(
                400,
                r#"{"kind":"request_invalid","message":"after: unknown id"}"#,
            )
        } else {
            inner(request)
        }
    });
    let results: Vec<_> = ops::stream::<Item>(&server.client(), &[], &ListParams::new().limit(10))
        .collect()
        .await;
    assert_eq!(results.len(), 21);
    assert!(results[..20].iter().all(Result::is_ok));
    assert_eq!(
        results[20].as_ref().unwrap_err().status(),
        Some(StatusCode::BAD_REQUEST)
    );
}

#[tokio::test]
async fn a_cursor_keeps_what_the_servers_next_link_carries() {
    let server = TestServer::start(|request| {
        if request.query("after").is_none() {
            Reply::json(200, &items(&["item_0", "item_1"]))
                .with_header("has-more", "true")
                .with_header("link", r#"</items?after=item_1&shard=b>; rel="next""#)
        } else {
            Reply::json(200, &items(&["item_2", "item_3"])).with_header("has-more", "false")
        }
    });
    let mut stream = ops::stream::<Item>(&server.client(), &[], &ListParams::new()).prefetch(0);
    for _ in 0..3 {
        stream.try_next().await.unwrap().unwrap();
    }
    assert_eq!(
        stream.cursor().unwrap().as_str(),
        "/items?shard=b&after=item_2"
    );
}

#[tokio::test]
async fn dropping_a_stream_cancels_the_page_it_is_fetching() {
    // Page 2 never comes; everything else is answered at once.
    let server = TestServer::start(|request| match request.query("after") {
        None if request.target.starts_with("/items?") || request.target == "/items" => {
            Reply::json(200, &items(&["item_0"]))
                .with_header("has-more", "true")
                .with_header("link", r#"</items?after=item_0>; rel="next""#)
        }
        Some(_) => Reply::Silence,
        None => Reply::json(200, r#"{"id":"item_9"}"#),
    });
    // One request in flight at a time: the stuck page holds the only slot until it is cancelled.
    let client = server
        .builder()
        .max_in_flight(1)
        .call_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut stream = ops::stream::<Item>(&client, &[], &ListParams::new()).prefetch(1);
    stream.try_next().await.unwrap().unwrap();
    // Page 2 is being fetched (however slow the machine).
    while server.count() < 2 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(stream);
    // A budget shorter than the stuck page's: only a cancelled page frees the slot in time.
    let item: Item = ops::get(&client, &[&"item_9"])
        .timeout(Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(item.id, "item_9");
}

#[tokio::test]
async fn a_page_streams_debug_shows_where_it_stands() {
    let server = TestServer::start(paginated(3));
    let mut pages =
        ops::pages::<Item>(&server.client(), &[], &ListParams::new().limit(2)).prefetch(0);
    let debug = format!("{pages:?}");
    assert!(
        debug.starts_with(r#"PageStream { state: "not started""#),
        "{debug}"
    );
    pages.try_next().await.unwrap().unwrap();
    let debug = format!("{pages:?}");
    assert!(
        debug.starts_with(r#"PageStream { state: "walking""#),
        "{debug}"
    );
    assert!(debug.contains(r#"last_id: "item_1""#), "{debug}");
    while pages.try_next().await.unwrap().is_some() {}
    let debug = format!("{pages:?}");
    assert!(
        debug.starts_with(r#"PageStream { state: "done""#),
        "{debug}"
    );
}

#[tokio::test]
async fn an_item_stream_hints_at_the_items_it_holds() {
    let server = TestServer::start(paginated(30));
    let mut stream =
        ops::stream::<Item>(&server.client(), &[], &ListParams::new().limit(10)).prefetch(0);
    assert_eq!(futures_util::Stream::size_hint(&stream), (0, None));
    stream.try_next().await.unwrap().unwrap();
    // Nine more of this page are at hand; how many pages follow is unknown.
    assert_eq!(futures_util::Stream::size_hint(&stream), (9, None));
    let debug = format!("{stream:?}");
    assert!(
        debug.starts_with("ItemStream { pages: PageStream {"),
        "{debug}"
    );
    assert!(debug.contains("buffered: 9"), "{debug}");
}

#[tokio::test]
async fn a_panic_while_prefetching_reaches_the_consumer_and_is_never_the_end() {
    use futures_util::FutureExt as _;
    let server = TestServer::start(paginated(30));
    let client = server
        .builder()
        .hook(FailsAfterTheFirstPage)
        .build()
        .unwrap();
    for depth in [0, 1, 3] {
        let mut stream =
            ops::stream::<Item>(&client, &[], &ListParams::new().limit(10)).prefetch(depth);
        let mut seen = Vec::new();
        let walk = std::panic::AssertUnwindSafe(async {
            while let Some(item) = stream.try_next().await? {
                seen.push(item.id);
            }
            Ok::<_, Error>(())
        });
        let panic = walk
            .catch_unwind()
            .await
            .expect_err("the walk must not end");
        assert_eq!(
            panic.downcast_ref::<&str>(),
            Some(&"the hook failed on a later page"),
            "depth {depth}"
        );
        assert_eq!(seen, ids(0..10), "depth {depth}");
    }
}

#[test]
fn a_walk_whose_prefetch_task_was_cancelled_ends_with_an_error() {
    let server = TestServer::start(paginated(60));
    let client = server.client();
    let runtime = || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    };
    let first = runtime();
    // One page ahead at most: the task cannot reach the end of six pages by itself.
    let mut stream = ops::stream::<Item>(&client, &[], &ListParams::new().limit(10)).prefetch(1);
    let item = first.block_on(stream.try_next()).unwrap().unwrap();
    assert_eq!(item.id, "item_0");
    // Shutting the runtime down cancels the prefetch task.
    drop(first);
    let rest: Vec<Result<String, Error>> =
        runtime().block_on(stream.map_ok(|item| item.id).collect::<Vec<_>>());
    let (last, items) = rest.split_last().unwrap();
    let items: Vec<String> = items
        .iter()
        .map(|item| item.as_ref().unwrap().clone())
        .collect();
    assert!(items == ids(1..10) || items == ids(1..20), "{items:?}");
    assert!(
        matches!(last, Err(Error::Pagination(p)) if matches!(**p, PaginationError::Interrupted { .. })),
        "{last:?}"
    );
}
