//! `examples/own_resources.rs` end to end: a nested collection, a singleton and numbered ids,
//! declared with `#[ittybit::resource]`, served by the mock, with a second page and faults.

#[allow(
    dead_code,
    unreachable_pub,
    reason = "the example's `main` is not called here, and its items are public in the example"
)]
#[path = "../examples/own_resources.rs"]
mod example;

use ittybit_mock::MockServer;

#[tokio::test]
async fn the_example_walks_its_own_resources_through_pages_and_faults() {
    let mock = MockServer::start_with(example::mock_config().unwrap()).await;
    let seen = example::tour(&mock).await.unwrap();
    assert_eq!(
        seen,
        [
            "account: Acme on pro",
            "red widgets: [\"w_1\"]",
            "parts of w_1: part_01 to part_10 (10 items, has more: Some(true))",
            "parts of w_1: part_11 to part_20 (10 items, has more: Some(true))",
            "parts of w_1: part_21 to part_25 (5 items, has more: Some(false))",
            "part_07 is \"gear 7\"",
            "counter 7 is 49",
            "45 counters, values adding up to 31395",
            "w_9: Some(404) widget_not_found",
            "429s the client waited out: 5",
        ]
    );
    // Every request of the walk, retries included, reached the mock's own-resource routes.
    let paths: Vec<String> = mock
        .requests()
        .into_iter()
        .map(|request| request.path_and_query)
        .collect();
    assert!(
        paths.contains(&"/widgets/w_1/parts?limit=10&order=asc&after=part_10".to_owned()),
        "{paths:?}"
    );
}
