//! The rate cap: a token bucket per API key, shared by all connections, with its 429s counted.

use std::time::Duration;

use ittybit_mock::MockConfig;
use serde_json::json;

use crate::common::{Api, expect};

/// Sends `n` `GET /tasks` at once with `key`, each from a client of its own (so each on a
/// connection of its own), and returns the statuses and `Retry-After` values.
async fn burst(api: &Api, key: &str, n: usize) -> Vec<(u16, Option<String>)> {
    let url = api.url("/tasks");
    let requests: Vec<_> = (0..n)
        .map(|_| {
            let client = reqwest::Client::builder().no_proxy().build().unwrap();
            let request = client.get(&url).bearer_auth(key);
            tokio::spawn(async move {
                let response = request.send().await.unwrap();
                let retry_after = response
                    .headers()
                    .get("retry-after")
                    .map(|value| value.to_str().unwrap().to_owned());
                (response.status().as_u16(), retry_after)
            })
        })
        .collect();
    let mut replies = Vec::with_capacity(n);
    for request in requests {
        replies.push(request.await.unwrap());
    }
    replies
}

/// How many replies have `status`.
fn count(replies: &[(u16, Option<String>)], status: u16) -> usize {
    replies.iter().filter(|(s, _)| *s == status).count()
}

#[tokio::test]
async fn each_key_gets_its_own_bucket_shared_by_all_its_connections() {
    // Five requests per hour: no token comes back while the test runs.
    let api = Api::with(MockConfig::default().rate_limit(5, Duration::from_secs(3600))).await;
    let key = api.post("/keys", &json!({"name": "second"})).await;
    expect(&key, 201);
    let secret = key.json()["secret"].as_str().unwrap().to_owned();

    let own = burst(&api, api.mock.api_key(), 40).await;
    assert_eq!((count(&own, 200), count(&own, 429)), (4, 36), "{own:?}");
    for (_, retry_after) in own.iter().filter(|(status, _)| *status == 429) {
        let seconds: u64 = retry_after.as_deref().unwrap().parse().unwrap();
        assert!((1..=720).contains(&seconds), "{seconds}");
    }
    let second = burst(&api, &secret, 10).await;
    assert_eq!(
        (count(&second, 200), count(&second, 429)),
        (5, 5),
        "{second:?}"
    );

    let anonymous = api
        .send(api.anonymous(reqwest::Method::GET, "/tasks"))
        .await;
    expect(&anonymous, 401);

    let stats = api.mock.stats();
    assert_eq!(
        (stats.requests, stats.throttled, stats.faulted),
        (52, 41, 0)
    );
    assert_eq!(api.mock.stats().throttled, 41);
    let recorded_429s = api
        .mock
        .requests()
        .iter()
        .filter(|request| request.status == 429)
        .count();
    assert_eq!(recorded_429s, 41);
}

#[tokio::test]
async fn without_a_cap_nothing_is_throttled() {
    let api = Api::start().await;
    let replies = burst(&api, api.mock.api_key(), 20).await;
    assert_eq!(count(&replies, 200), 20);
    assert_eq!(api.mock.stats().throttled, 0);
}
