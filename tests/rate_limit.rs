//! The client's shared rate limit against the mock: one `429` pauses every request, pacing keeps
//! clear of a cap, the adaptive rate learns it, and the bound on requests in flight holds.
//! Counts only: what the mock received and answered, and what each call returned.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ittybit::http::StatusCode;
use ittybit::limit::{Admission, BoxError, LimitFuture, Limiter, LocalLimiter, Outcome, Pacing};
use ittybit::{Client, ClientBuilder, Error, Task};
use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockServer, RetryAfter, TaskSeed};

/// Runs `workers` tasks, each making up to `calls` `Task::get` calls in a row with `budget`,
/// and stopping at its first call that fails with a deadline. Returns every call's result.
async fn run_workers(
    client: &Client,
    id: &str,
    workers: usize,
    calls: usize,
    budget: Duration,
) -> Vec<Result<(), Error>> {
    let mut handles = Vec::new();
    for _ in 0..workers {
        let (client, id) = (client.clone(), id.to_owned());
        handles.push(tokio::spawn(async move {
            let mut results = Vec::new();
            for _ in 0..calls {
                let result = Task::get(&client, &id).timeout(budget).await.map(drop);
                let stop = matches!(&result, Err(Error::Deadline(_)));
                results.push(result);
                if stop {
                    break;
                }
            }
            results
        }));
    }
    let mut all = Vec::new();
    for handle in handles {
        all.extend(handle.await.expect("a worker"));
    }
    all
}

/// A mock whose 30th request (and every 30th after it) answers `429` with `Retry-After: 30`.
async fn mock_with_one_long_429() -> (MockServer, String) {
    let mock = MockServer::start_with(MockConfig::default().fault(
        FaultSchedule::every(30),
        Fault::RateLimited {
            retry_after: RetryAfter::Seconds(30),
        },
    ))
    .await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    (mock, id)
}

#[tokio::test]
async fn one_429_pauses_every_request_of_the_client() {
    let (mock, id) = mock_with_one_long_429().await;
    let client = common::client(&mock);
    let results = run_workers(&client, &id, 4, 15, Duration::from_millis(400)).await;

    // Request 30 was refused; at most the 3 other workers' requests already on the wire
    // reached the mock after it. Everything else waited for the pause.
    let received = mock.stats().requests;
    assert!((30..=33).contains(&received), "{received} requests");
    let rate_limited = results
        .iter()
        .filter(|r| {
            r.as_ref()
                .is_err_and(|e| e.status() == Some(StatusCode::TOO_MANY_REQUESTS))
        })
        .count();
    assert_eq!(rate_limited, 1, "{results:?}");
    // Every worker ended waiting for the pause, without sending.
    let paused = results
        .iter()
        .filter(|r| matches!(r, Err(Error::Deadline(_))))
        .count();
    assert_eq!(paused, 4, "{results:?}");
}

#[tokio::test]
async fn without_the_shared_limit_the_others_keep_hitting_the_server() {
    let (mock, id) = mock_with_one_long_429().await;
    let client = common::builder(&mock).no_limiter().build().unwrap();
    let results = run_workers(&client, &id, 4, 15, Duration::from_millis(400)).await;
    assert_eq!(mock.stats().requests, 60);
    let rate_limited = results
        .iter()
        .filter(|r| {
            r.as_ref()
                .is_err_and(|e| e.status() == Some(StatusCode::TOO_MANY_REQUESTS))
        })
        .count();
    assert_eq!(rate_limited, 2, "{results:?}");
    assert_eq!(results.len(), 60);
}

#[tokio::test]
async fn after_the_pause_every_call_succeeds() {
    let mock = MockServer::start_with(MockConfig::default().fault(
        FaultSchedule::every(25),
        Fault::RateLimited {
            retry_after: RetryAfter::Seconds(1),
        },
    ))
    .await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    let client = common::client(&mock);
    let results = run_workers(&client, &id, 4, 10, Duration::from_secs(30)).await;
    assert_eq!(results.len(), 40);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // 40 calls plus one retry per 429.
    let stats = mock.stats();
    assert_eq!(stats.requests, 40 + stats.faulted, "{stats:?}");
    assert!(stats.faulted >= 1, "{stats:?}");
}

async fn capped(requests: u32) -> (MockServer, String) {
    let mock =
        MockServer::start_with(MockConfig::default().rate_limit(requests, Duration::from_secs(1)))
            .await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    (mock, id)
}

#[tokio::test]
async fn pacing_under_the_cap_is_never_refused() {
    let (mock, id) = capped(20).await;
    let client = common::builder(&mock)
        .limiter(LocalLimiter::new(Pacing::per_second(16).burst(4)).unwrap())
        .build()
        .unwrap();
    let results = run_workers(&client, &id, 6, 8, Duration::from_secs(60)).await;
    assert_eq!(results.len(), 48);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(mock.stats().throttled, 0);
    assert_eq!(mock.stats().requests, 48);
}

#[tokio::test]
async fn the_adaptive_rate_finds_the_cap_with_few_429s() {
    let (mock, id) = capped(40).await;
    let client = common::builder(&mock)
        .limiter(LocalLimiter::new(Pacing::adaptive()).unwrap())
        .build()
        .unwrap();
    let results = run_workers(&client, &id, 8, 30, Duration::from_secs(60)).await;
    assert_eq!(results.len(), 240);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // Slow start meets the cap with a few requests, not with all 8 in flight at every refill;
    // a client without the limit gets dozens here.
    let throttled = mock.stats().throttled;
    assert!(throttled <= 12, "{throttled} 429s");
    assert_eq!(mock.stats().requests, 240 + throttled);
}

/// A limiter that counts the requests between admission and answer.
#[derive(Debug, Default)]
struct Counting {
    inner: LocalLimiter,
    now: AtomicUsize,
    most: AtomicUsize,
    recorded: AtomicUsize,
}

impl Limiter for Counting {
    fn acquire(&self, max_pause: Duration) -> LimitFuture<'_, Result<Admission, BoxError>> {
        Box::pin(async move {
            let admission = self.inner.acquire(max_pause).await?;
            let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
            self.most.fetch_max(now, Ordering::SeqCst);
            Ok(admission)
        })
    }

    fn record(&self, admission: Admission, outcome: Outcome) -> LimitFuture<'_, ()> {
        self.now.fetch_sub(1, Ordering::SeqCst);
        self.recorded.fetch_add(1, Ordering::SeqCst);
        self.inner.record(admission, outcome)
    }
}

async fn most_in_flight(configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> usize {
    let mock =
        MockServer::start_with(MockConfig::default().latency(Duration::from_millis(20))).await;
    let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
    let counting = Arc::new(Counting::default());
    let client = configure(common::builder(&mock).limiter(counting.clone()))
        .build()
        .unwrap();
    let results = run_workers(&client, &id, 8, 3, Duration::from_secs(30)).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // A custom limiter sees every attempt admitted and answered.
    assert_eq!(counting.recorded.load(Ordering::SeqCst), 24);
    counting.most.load(Ordering::SeqCst)
}

#[tokio::test]
async fn max_in_flight_bounds_the_requests_on_the_wire() {
    assert_eq!(most_in_flight(|b| b.max_in_flight(2)).await, 2);
    assert!(most_in_flight(|b| b).await > 2);
}

#[test]
fn settings_that_cannot_work_are_refused() {
    let base = || Client::builder().api_key("k");
    for pacing in [Pacing::per_second(0), Pacing::rate(3, Duration::ZERO)] {
        let err = LocalLimiter::new(pacing).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains("per non-zero"), "{err}");
    }
    assert!(base().max_in_flight(0).build().is_ok());
}
