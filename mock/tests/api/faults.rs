//! Fault injection: every k-th request, seeded fractions, HTML 502s, rate caps and latency.

use std::time::{Duration, Instant};

use ittybit_mock::{Fault, FaultSchedule, MockConfig, RetryAfter};
use serde_json::json;

use crate::common::{Api, expect};

#[tokio::test]
async fn every_kth_request_is_faulted_and_changes_nothing() {
    let api =
        Api::with(MockConfig::default().fault(FaultSchedule::every(3), Fault::Unavailable)).await;
    let mut statuses = Vec::new();
    for i in 0..9 {
        let reply = api
            .post(
                "/tasks",
                &json!({"url": format!("https://example.com/{i}.mp4"), "kind": "video"}),
            )
            .await;
        if reply.status == 503 {
            assert_eq!(reply.kind(), "service_unavailable");
        }
        statuses.push(reply.status);
    }
    assert_eq!(statuses, [201, 201, 503, 201, 201, 503, 201, 201, 503]);
    assert_eq!(api.mock.stats().requests, 9);
    let tasks = api.get("/tasks?limit=100").await;
    expect(&tasks, 200);
    assert_eq!(
        tasks.json().as_array().unwrap().len(),
        6,
        "faulted creates stored nothing"
    );
}

#[tokio::test]
async fn rate_limited_faults_carry_retry_after_in_either_form() {
    let seconds = Api::with(MockConfig::default().fault(
        FaultSchedule::every(1),
        Fault::RateLimited {
            retry_after: RetryAfter::Seconds(0),
        },
    ))
    .await;
    let reply = seconds.get("/tasks").await;
    expect(&reply, 429);
    assert_eq!(reply.kind(), "rate_limited");
    assert_eq!(reply.header("retry-after").as_deref(), Some("0"));

    let date = Api::with(MockConfig::default().fault(
        FaultSchedule::every(1),
        Fault::RateLimited {
            retry_after: RetryAfter::HttpDate(Duration::from_secs(3)),
        },
    ))
    .await;
    let reply = date.get("/tasks").await;
    expect(&reply, 429);
    let at = httpdate::parse_http_date(&reply.header("retry-after").unwrap()).unwrap();
    let ahead = at
        .duration_since(std::time::SystemTime::now())
        .unwrap_or_default();
    assert!(ahead <= Duration::from_secs(4), "{ahead:?}");

    let default =
        Api::with(MockConfig::default().fault(FaultSchedule::every(1), Fault::rate_limited()))
            .await;
    assert_eq!(
        default.get("/tasks").await.header("retry-after").as_deref(),
        Some("1")
    );
}

#[tokio::test]
async fn bad_gateway_faults_answer_html_like_a_proxy() {
    let api =
        Api::with(MockConfig::default().fault(FaultSchedule::every(2), Fault::BadGateway)).await;
    expect(&api.get("/tasks").await, 200);
    let reply = api.get("/tasks").await;
    expect(&reply, 502);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let body = String::from_utf8(reply.body).unwrap();
    assert!(
        body.contains("<html>") && body.contains("502 Bad Gateway"),
        "{body}"
    );
}

/// The statuses of `n` `GET /tasks` with a fraction fault.
async fn fraction_pattern(fraction: f64, seed: u64, n: usize) -> Vec<u16> {
    let api = Api::with(
        MockConfig::default().fault(FaultSchedule::fraction(fraction, seed), Fault::Unavailable),
    )
    .await;
    let mut statuses = Vec::with_capacity(n);
    for _ in 0..n {
        statuses.push(api.get("/tasks").await.status);
    }
    statuses
}

#[tokio::test]
async fn fraction_faults_are_seeded_and_reproducible() {
    let first = fraction_pattern(0.5, 42, 60).await;
    assert_eq!(first, fraction_pattern(0.5, 42, 60).await);
    let faulted = first.iter().filter(|&&s| s == 503).count();
    assert!((10..=50).contains(&faulted), "{faulted} of 60");
    assert_ne!(first, fraction_pattern(0.5, 7, 60).await);
    assert!(fraction_pattern(0.0, 1, 20).await.iter().all(|&s| s == 200));
    assert!(fraction_pattern(1.0, 1, 20).await.iter().all(|&s| s == 503));
}

#[tokio::test]
async fn the_rate_cap_answers_429_with_retry_after() {
    let api = Api::with(MockConfig::default().max_requests_per_second(5)).await;
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..12 {
        let reply = api.get("/tasks").await;
        if reply.status == 429 {
            assert_eq!(reply.kind(), "rate_limited");
            retry_after = reply.header("retry-after");
        }
        statuses.push(reply.status);
    }
    assert!(statuses[..5].iter().all(|&s| s == 200), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    let retry_after: u64 = retry_after.unwrap().parse().unwrap();
    assert!(retry_after >= 1);
    assert_eq!(api.mock.stats().requests, 12);
}

#[tokio::test]
async fn latency_delays_each_response() {
    let api = Api::with(MockConfig::default().latency(Duration::from_millis(40))).await;
    let started = Instant::now();
    expect(&api.get("/tasks").await, 200);
    expect(&api.get("/nowhere").await, 404);
    assert!(started.elapsed() >= Duration::from_millis(80));
}

#[tokio::test]
async fn internal_error_faults_are_json_500s() {
    let api =
        Api::with(MockConfig::default().fault(FaultSchedule::every(1), Fault::InternalError)).await;
    let reply = api.get("/tasks").await;
    expect(&reply, 500);
    assert_eq!(reply.kind(), "internal_error");
}

#[tokio::test]
async fn rules_apply_in_order() {
    let api = Api::with(
        MockConfig::default()
            .fault(FaultSchedule::every(4), Fault::BadGateway)
            .fault(FaultSchedule::every(2), Fault::Unavailable),
    )
    .await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(api.get("/tasks").await.status);
    }
    assert_eq!(statuses, [200, 503, 200, 502]);
}
