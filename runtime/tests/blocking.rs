//! The blocking facade, over real HTTP.

mod support;

use ittybit_runtime::{ListParams, ops};
use support::{FailsAfterTheFirstPage, Item, Reply, TestServer, items};

#[test]
fn the_blocking_facade_gets_and_walks_without_a_runtime() {
    let server = TestServer::start(|request| match request.target.as_str() {
        "/items/item_1" => Reply::json(200, r#"{"id":"item_1"}"#),
        "/items?limit=2" => Reply::json(200, &items(&["a", "b"])).with_header("has-more", "true"),
        "/items?limit=2&after=b" => Reply::json(200, &items(&["c"])),
        other => panic!("unexpected {other}"),
    });
    let client = server.client();
    let item: Item = ops::get(&client, &[&"item_1"]).wait().unwrap();
    assert_eq!(item.id, "item_1");

    let iter = ops::stream::<Item>(&client, &[], &ListParams::new().limit(2)).blocking();
    let ids: Vec<String> = iter.map(|item| item.unwrap().id).collect();
    assert_eq!(ids, ["a", "b", "c"]);

    let mut pages = ops::pages::<Item>(&client, &[], &ListParams::new().limit(2)).blocking();
    assert_eq!(pages.next().unwrap().unwrap().len(), 2);
    assert_eq!(
        pages.stream().cursor().unwrap().as_str(),
        "/items?limit=2&after=b"
    );
}

#[tokio::test]
async fn blocking_inside_an_async_runtime_is_an_error_not_a_panic() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"id":"item_1"}"#));
    let err = ops::get::<Item>(&server.client(), &[&"item_1"])
        .wait()
        .unwrap_err();
    assert!(err.to_string().contains("inside an async runtime"), "{err}");
    let mut iter = ops::stream::<Item>(&server.client(), &[], &ListParams::new()).blocking();
    assert!(iter.next().unwrap().is_err());
    assert!(iter.next().is_none());
    assert_eq!(server.count(), 0);
}

#[test]
fn a_panic_while_prefetching_reaches_the_blocking_caller_and_is_never_the_end() {
    let server = TestServer::start(|request| match request.target.as_str() {
        "/items?limit=2" => Reply::json(200, &items(&["a", "b"])).with_header("has-more", "true"),
        _ => Reply::json(200, &items(&["c"])),
    });
    let client = server
        .builder()
        .hook(FailsAfterTheFirstPage)
        .build()
        .unwrap();
    let mut seen = Vec::new();
    let mut iter = ops::stream::<Item>(&client, &[], &ListParams::new().limit(2)).blocking();
    let walk = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for item in &mut iter {
            seen.push(item.unwrap().id);
        }
    }));
    let panic = walk.expect_err("the walk must not end");
    assert_eq!(
        panic.downcast_ref::<&str>(),
        Some(&"the hook failed on a later page")
    );
    assert_eq!(seen, ["a", "b"]);
}
