//! Cursor pagination on every list endpoint.

use std::time::Instant;

use ittybit_mock::TaskSeed;
use reqwest::Method;
use serde_json::json;

use crate::common::{Api, expect, expect_invalid_get, ids};

#[tokio::test]
async fn the_default_page_has_20_items_newest_first_and_an_absolute_next_link() {
    let api = Api::start().await;
    let seeded = api.mock.seed_tasks(TaskSeed::many(45));
    let reply = api.get("/tasks").await;
    expect(&reply, 200);
    let page = ids(reply.json().as_array().unwrap());
    let newest: Vec<_> = seeded.iter().rev().take(20).cloned().collect();
    assert_eq!(page, newest);
    assert_eq!(reply.header("has-more").as_deref(), Some("true"));
    assert_eq!(reply.header("limit").as_deref(), Some("20"));
    let next = reply.next_link().unwrap();
    assert_eq!(next, format!("{}/tasks?after={}", api.mock.url(), page[19]));
}

#[tokio::test]
async fn walking_the_links_visits_every_item_once_in_order() {
    let api = Api::start().await;
    let seeded = api.mock.seed_tasks(TaskSeed::many(250));
    let (items, pages) = api.walk("/tasks?limit=100").await;
    assert_eq!(pages, 3);
    let newest_first: Vec<_> = seeded.iter().rev().cloned().collect();
    assert_eq!(ids(&items), newest_first);
    let (items, pages) = api.walk("/tasks?order=asc&limit=50").await;
    assert_eq!(pages, 5);
    assert_eq!(ids(&items), seeded);
    let (items, pages) = api.walk("/tasks?limit=25&order=asc").await;
    assert_eq!((ids(&items), pages), (seeded, 10));
}

#[tokio::test]
async fn an_exact_last_page_says_no_more() {
    let api = Api::start().await;
    api.mock.seed_tasks(TaskSeed::many(40));
    let first = api.get("/tasks").await;
    let second = api.get_url(&first.next_link().unwrap()).await;
    assert_eq!(second.json().as_array().unwrap().len(), 20);
    assert_eq!(second.header("has-more").as_deref(), Some("false"));
    assert!(second.header("link").is_none());
}

#[tokio::test]
async fn limits_outside_1_to_100_are_rejected() {
    let api = Api::start().await;
    api.mock.seed_tasks(TaskSeed::many(150));
    for limit in ["1", "100"] {
        let reply = api.get(&format!("/tasks?limit={limit}")).await;
        expect(&reply, 200);
        assert_eq!(reply.json().as_array().unwrap().len().to_string(), limit);
        assert_eq!(reply.header("limit").as_deref(), Some(limit));
    }
    let mut cases: Vec<(String, &str)> = ["0", "101", "-1", "abc", "2.5", ""]
        .iter()
        .map(|limit| (format!("/tasks?limit={limit}"), "`limit`"))
        .collect();
    cases.push(("/runs?order=sideways".to_owned(), "`order`"));
    expect_invalid_get(&api, &cases).await;
}

#[tokio::test]
async fn after_and_before_select_neighbours_in_either_order() {
    let api = Api::start().await;
    let s = api.mock.seed_tasks(TaskSeed::many(20));
    let page = |query: String| {
        let api = &api;
        async move {
            let reply = api.get(&format!("/tasks?{query}")).await;
            expect(&reply, 200);
            (
                ids(reply.json().as_array().unwrap()),
                reply.header("has-more").unwrap(),
            )
        }
    };
    assert_eq!(
        page(format!("order=asc&limit=3&after={}", s[4])).await,
        (s[5..8].to_vec(), "true".into())
    );
    assert_eq!(
        page(format!("order=asc&limit=3&after={}", s[16])).await,
        (s[17..20].to_vec(), "false".into())
    );
    assert_eq!(
        page(format!("order=asc&limit=3&before={}", s[10])).await,
        (s[7..10].to_vec(), "true".into())
    );
    let desc_before = vec![s[13].clone(), s[12].clone(), s[11].clone()];
    assert_eq!(
        page(format!("limit=3&before={}", s[10])).await.0,
        desc_before
    );
    let desc_after = vec![s[9].clone(), s[8].clone()];
    assert_eq!(page(format!("limit=2&after={}", s[10])).await.0, desc_after);
    assert_eq!(
        page(format!("order=asc&after={}&before={}", s[2], s[6]))
            .await
            .0,
        s[3..6].to_vec()
    );
    assert_eq!(
        page(format!("order=asc&after={}", s[19])).await,
        (vec![], "false".into())
    );

    for param in ["after", "before"] {
        let reply = api
            .get(&format!("/tasks?{param}=task_0000000000000000"))
            .await;
        expect(&reply, 400);
        assert_eq!(reply.kind(), "request_invalid");
        assert!(
            reply.message().contains(&format!("`{param}`")),
            "{}",
            reply.message()
        );
    }
}

#[tokio::test]
async fn next_links_keep_filters_and_drop_before() {
    let api = Api::start().await;
    let s = api.mock.seed_tasks(TaskSeed::many(120));
    let reply = api
        .get(&format!(
            "/tasks?status=succeeded&limit=2&kind=video&unknown=x%20y&before={}",
            s[0]
        ))
        .await;
    expect(&reply, 200);
    let items = reply.json();
    let next = reply.next_link().unwrap();
    let last = items[1]["id"].as_str().unwrap();
    assert_eq!(
        next,
        format!(
            "{}/tasks?status=succeeded&limit=2&kind=video&unknown=x%20y&after={last}",
            api.mock.url()
        )
    );
    let (all, _) = api.walk("/tasks?status=succeeded&kind=video&limit=3").await;
    assert_eq!(all.len(), 10, "i % 12 == 0 for i < 120");
    assert!(
        all.iter()
            .all(|t| t["status"] == "succeeded" && t["kind"] == "video")
    );
}

#[tokio::test]
async fn the_link_is_built_from_the_host_header() {
    let api = Api::start().await;
    api.mock.seed_tasks(TaskSeed::many(3));
    let reply = api
        .send(
            api.request(Method::GET, "/tasks?limit=1")
                .header("host", "api.example.test:8443"),
        )
        .await;
    expect(&reply, 200);
    let next = reply.next_link().unwrap();
    assert!(
        next.starts_with("http://api.example.test:8443/tasks?limit=1&after=task_"),
        "{next}"
    );

    // A `Host` that is no valid authority could break out of `<…>`: it is not used.
    let reply = api
        .send(
            api.request(Method::GET, "/tasks?limit=1")
                .header("host", "evil>; rel=\"prev\""),
        )
        .await;
    let next = reply.next_link().unwrap();
    assert!(
        next.starts_with("http://localhost/tasks?limit=1&after=task_"),
        "{next}"
    );
}

#[tokio::test]
async fn empty_lists_are_empty_arrays() {
    let api = Api::start().await;
    for path in [
        "/tasks",
        "/runs",
        "/events",
        "/webhooks/endpoints",
        "/keys",
        "/automations",
        "/tasks?status=waiting",
    ] {
        let reply = api.get(path).await;
        expect(&reply, 200);
        assert_eq!(reply.body, b"[]", "{path}");
        assert_eq!(reply.header("has-more").as_deref(), Some("false"));
        assert_eq!(reply.header("limit").as_deref(), Some("20"));
        assert!(reply.header("link").is_none());
    }
}

#[tokio::test]
async fn every_list_endpoint_paginates() {
    let api = Api::start().await;
    for i in 0..3 {
        api.post(
            "/webhooks/endpoints",
            &json!({"url": format!("https://h.example.com/{i}")}),
        )
        .await;
        api.post("/keys", &json!({"name": format!("k{i}")})).await;
        api.post(
            "/automations",
            &json!({"name": format!("a{i}"), "workflow": [{"kind": "video"}]}),
        )
        .await;
        api.post("/runs", &json!({"tasks": [{"kind": "video"}]}))
            .await;
    }
    for (path, total) in [
        ("/webhooks/endpoints", 3),
        ("/keys", 3),
        ("/automations", 3),
        ("/runs", 3),
        ("/events", 6_usize),
    ] {
        let (items, pages) = api.walk(&format!("{path}?limit=2")).await;
        assert_eq!((items.len(), pages), (total, total.div_ceil(2)), "{path}");
    }
}

#[tokio::test]
async fn two_hundred_thousand_tasks_walk_quickly() {
    let api = Api::start().await;
    let started = Instant::now();
    let seeded = api.mock.seed_tasks(TaskSeed::many(200_000));
    let seeding = started.elapsed();
    let started = Instant::now();
    let (mut count, mut pages, mut last) = (0, 0, String::new());
    let mut reply = api.get("/tasks?limit=100").await;
    loop {
        expect(&reply, 200);
        pages += 1;
        let page = ids(reply.json().as_array().unwrap());
        count += page.len();
        last = page.last().cloned().unwrap_or(last);
        match reply.next_link() {
            Some(next) => reply = api.get_url(&next).await,
            None => break,
        }
    }
    let walking = started.elapsed();
    assert_eq!((count, pages), (200_000, 2000));
    assert_eq!(last, seeded[0]);
    eprintln!("seeded in {seeding:?}, walked 2000 pages in {walking:?}");
}
