//! The state one server shares between all its connections: the configuration that applies per
//! request, the store, the fault rules (which scheduled rule, if any, picks a request: decided
//! before any handler runs, so a faulted request changes no state), the request log (a total
//! count and the most recent requests with their outcome), the rate cap (one token bucket per
//! API key, shared by every connection) and the webhook delivery queue (`delivery.rs`).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::config::{Fault, FaultSchedule, MockConfig, RateCap};
use crate::state::delivery::Deliveries;
use crate::store::Store;

pub(crate) mod delivery;

/// Counts of what a server has answered, from [`MockServer::stats`](crate::MockServer::stats).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockStats {
    /// Requests received, whatever their answer.
    pub requests: u64,
    /// Requests the rate cap answered `429` (see
    /// [`MockConfig::rate_limit`](crate::MockConfig::rate_limit)).
    pub throttled: u64,
    /// Requests a fault rule answered instead of the API (see
    /// [`MockConfig::fault`](crate::MockConfig::fault)), injected `429`s included.
    pub faulted: u64,
    /// Webhook `POST`s sent, or tried, to endpoints: every attempt of every delivery.
    pub webhook_attempts: u64,
    /// Events an endpoint accepted (answered `2xx` in time); one per event and endpoint.
    pub webhooks_delivered: u64,
    /// Events given up for an endpoint after its last failed attempt (see
    /// [`MockConfig::webhook_attempts`](crate::MockConfig::webhook_attempts)).
    pub webhooks_failed: u64,
}

/// The server state as handlers and the front door receive it.
pub(crate) type SharedState = Arc<ServerState>;

/// Everything one server holds.
#[derive(Debug)]
pub(crate) struct ServerState {
    api_key: String,
    latency: Duration,
    store: Mutex<Store>,
    faults: Mutex<FaultRules>,
    faulted: AtomicU64,
    limiter: RateLimiter,
    log: RequestLog,
    deliveries: Deliveries,
}

impl ServerState {
    /// State for `config`, with its seeded tasks inserted.
    pub(crate) fn new(config: MockConfig) -> SharedState {
        let mut store = Store::new(config.advance);
        store.seed(config.seeds);
        for resource in config.resources {
            store.custom.add(resource);
        }
        Arc::new(Self {
            faults: Mutex::new(FaultRules::new(&config.faults)),
            faulted: AtomicU64::new(0),
            limiter: RateLimiter::new(config.rate_cap),
            api_key: config.api_key,
            latency: config.latency,
            store: Mutex::new(store),
            log: RequestLog::default(),
            deliveries: Deliveries::new(config.webhooks),
        })
    }

    /// The server's own API key.
    pub(crate) fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The added latency per request.
    pub(crate) fn latency(&self) -> Duration {
        self.latency
    }

    /// The locked store, with time-based steps applied up to now. When the guard is dropped,
    /// the events recorded meanwhile are queued for delivery to webhook endpoints.
    pub(crate) fn store(&self) -> StoreGuard<'_> {
        let mut store = lock(&self.store);
        store.catch_up(Instant::now());
        StoreGuard {
            store,
            deliveries: &self.deliveries,
        }
    }

    /// Whether webhook endpoints may have plain-HTTP loopback URLs.
    pub(crate) fn allows_http_webhooks(&self) -> bool {
        self.deliveries.policy().allow_http
    }

    /// The webhook dispatcher, to run while the server runs (`None` once taken).
    pub(crate) fn webhook_dispatcher(&self) -> Option<impl Future<Output = ()> + Send + 'static> {
        self.deliveries.dispatcher()
    }

    /// The fault that replaces request number `n`, if any (counted).
    pub(crate) fn fault_for(&self, n: u64) -> Option<Fault> {
        let fault = lock(&self.faults).decide(n);
        if fault.is_some() {
            self.faulted.fetch_add(1, Ordering::Relaxed);
        }
        fault
    }

    /// Lets a request of the key `key_id` (`None`: the server's own key) through the rate cap,
    /// or says how long until that key may send again.
    pub(crate) fn admit(&self, key_id: Option<&str>) -> Result<(), Duration> {
        self.limiter.admit(key_id, Instant::now())
    }

    /// What the server has answered so far.
    pub(crate) fn stats(&self) -> MockStats {
        MockStats {
            requests: self.log.count(),
            throttled: self.limiter.throttled(),
            faulted: self.faulted.load(Ordering::Relaxed),
            webhook_attempts: self.deliveries.counts().attempts.load(Ordering::Relaxed),
            webhooks_delivered: self.deliveries.counts().delivered.load(Ordering::Relaxed),
            webhooks_failed: self.deliveries.counts().failed.load(Ordering::Relaxed),
        }
    }

    /// The request log.
    pub(crate) fn log(&self) -> &RequestLog {
        &self.log
    }
}

/// The locked store. Dropping it queues the deliveries of the events recorded while it was held,
/// before the lock is released, so deliveries are queued in the order events were recorded.
#[derive(Debug)]
pub(crate) struct StoreGuard<'a> {
    store: MutexGuard<'a, Store>,
    deliveries: &'a Deliveries,
}

impl Deref for StoreGuard<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}

impl Drop for StoreGuard<'_> {
    fn drop(&mut self) {
        let outgoing = self.store.take_outgoing();
        self.deliveries.enqueue(outgoing);
    }
}

/// Locks a mutex, carrying on with the data if another thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How many recent requests the log keeps.
pub(crate) const MAX_RECORDED: usize = 10_000;

/// One request the server answered, as returned by
/// [`MockServer::requests`](crate::MockServer::requests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path and query exactly as received, still percent-encoded (e.g. `/tasks/..%2Fkeys`).
    pub path_and_query: String,
    /// The status code the server answered (including injected faults).
    pub status: u16,
}

/// Counts requests on arrival and keeps the last [`MAX_RECORDED`] on completion.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    count: AtomicU64,
    recent: Mutex<VecDeque<RecordedRequest>>,
}

impl RequestLog {
    /// Counts an arriving request and returns its 1-based number.
    pub(crate) fn arrive(&self) -> u64 {
        self.count.fetch_add(1, Ordering::Relaxed).wrapping_add(1)
    }

    /// Records a completed request, forgetting the oldest beyond [`MAX_RECORDED`].
    pub(crate) fn record(&self, request: RecordedRequest) {
        let mut recent = lock(&self.recent);
        if recent.len() == MAX_RECORDED {
            recent.pop_front();
        }
        recent.push_back(request);
    }

    /// Requests received so far.
    pub(crate) fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// A copy of the recent requests, oldest first.
    pub(crate) fn recent(&self) -> Vec<RecordedRequest> {
        lock(&self.recent).iter().cloned().collect()
    }
}

/// One configured rule with its random generator.
#[derive(Debug)]
struct Rule {
    schedule: FaultSchedule,
    fault: Fault,
    rng: fastrand::Rng,
}

impl Rule {
    /// Whether the rule picks request number `n`. Random rules draw on every request, so each
    /// rule's sequence depends only on the request count.
    fn picks(&mut self, n: u64) -> bool {
        match self.schedule {
            FaultSchedule::Every(k) => k != 0 && n.is_multiple_of(k),
            FaultSchedule::Fraction { fraction, .. } => self.rng.f64() < fraction.clamp(0.0, 1.0),
        }
    }
}

/// The fault rules of one server.
#[derive(Debug)]
pub(crate) struct FaultRules {
    rules: Vec<Rule>,
}

impl FaultRules {
    /// The configured rules, each with its random generator.
    pub(crate) fn new(rules: &[(FaultSchedule, Fault)]) -> Self {
        let rules = rules
            .iter()
            .map(|&(schedule, fault)| Rule {
                schedule,
                fault,
                rng: match schedule {
                    FaultSchedule::Fraction { seed, .. } => fastrand::Rng::with_seed(seed),
                    FaultSchedule::Every(_) => fastrand::Rng::with_seed(0),
                },
            })
            .collect();
        Self { rules }
    }

    /// The fault of the first rule that picks request number `n`. Every rule sees every
    /// request, so each rule's random sequence depends only on the request count.
    pub(crate) fn decide(&mut self, n: u64) -> Option<Fault> {
        let mut picked = None;
        for rule in &mut self.rules {
            if rule.picks(n) && picked.is_none() {
                picked = Some(rule.fault);
            }
        }
        picked
    }
}

/// A token bucket holding up to `capacity` tokens, refilled at `rate` tokens a second.
#[derive(Debug, Clone, Copy)]
struct TokenBucket {
    capacity: f64,
    rate: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket for `cap`.
    fn full(cap: RateCap, now: Instant) -> Self {
        let capacity = f64::from(cap.requests);
        Self {
            capacity,
            rate: capacity / cap.per.as_secs_f64(),
            tokens: capacity,
            last: now,
        }
    }

    /// Takes a token, or says how long until one is available.
    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            // A tiny rate (a cap per century) waits longer than a `Duration` can say.
            Err(Duration::try_from_secs_f64((1.0 - self.tokens) / self.rate)
                .unwrap_or(Duration::MAX))
        }
    }
}

/// The per-key rate cap of one server.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    cap: Option<RateCap>,
    /// One bucket per key: `None` is the server's own key, `Some(id)` a created key.
    buckets: Mutex<HashMap<Option<String>, TokenBucket>>,
    throttled: AtomicU64,
}

impl RateLimiter {
    /// A limiter for `cap` (`None`: no cap).
    pub(crate) fn new(cap: Option<RateCap>) -> Self {
        Self {
            cap: cap.filter(|cap| cap.requests > 0 && !cap.per.is_zero()),
            buckets: Mutex::new(HashMap::new()),
            throttled: AtomicU64::new(0),
        }
    }

    /// Lets a request of `key` through, or says how long until its key may send again (and
    /// counts the refusal).
    pub(crate) fn admit(&self, key: Option<&str>, now: Instant) -> Result<(), Duration> {
        let Some(cap) = self.cap else {
            return Ok(());
        };
        let mut buckets = lock(&self.buckets);
        let bucket = buckets
            .entry(key.map(str::to_owned))
            .or_insert_with(|| TokenBucket::full(cap, now));
        bucket.take(now).inspect_err(|_| {
            self.throttled.fetch_add(1, Ordering::Relaxed);
        })
    }

    /// How many requests the cap has answered `429`.
    pub(crate) fn throttled(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod log_tests {
    use super::*;

    #[test]
    fn keeps_only_the_most_recent_requests() {
        let log = RequestLog::default();
        for i in 0..=MAX_RECORDED {
            assert_eq!(log.arrive(), u64::try_from(i).unwrap() + 1);
            log.record(RecordedRequest {
                method: "GET".to_owned(),
                path_and_query: format!("/tasks/{i}"),
                status: 200,
            });
        }
        let recent = log.recent();
        assert_eq!(recent.len(), MAX_RECORDED);
        assert_eq!(recent[0].path_and_query, "/tasks/1");
        assert_eq!(log.count(), u64::try_from(MAX_RECORDED).unwrap() + 1);
    }
}

#[cfg(test)]
mod fault_tests {
    use super::*;

    #[test]
    fn every_zero_never_picks() {
        let mut rules = FaultRules::new(&[(FaultSchedule::every(0), Fault::Unavailable)]);
        assert!((1..100).all(|n| rules.decide(n).is_none()));
    }
}

#[cfg(test)]
mod limiter_tests {
    use super::*;

    #[test]
    fn each_key_has_a_bucket_that_refills_over_time() {
        let start = Instant::now();
        let limiter = RateLimiter::new(Some(RateCap {
            requests: 2,
            per: Duration::from_secs(1),
        }));
        assert!(limiter.admit(None, start).is_ok());
        assert!(limiter.admit(None, start).is_ok());
        let wait = limiter.admit(None, start).unwrap_err();
        assert!(wait <= Duration::from_millis(500), "{wait:?}");
        assert!(limiter.admit(Some("key_a"), start).is_ok(), "another key");
        assert!(
            limiter
                .admit(None, start + Duration::from_millis(600))
                .is_ok()
        );
        assert_eq!(limiter.throttled(), 1);
    }

    #[test]
    fn degenerate_caps_do_not_panic() {
        let start = Instant::now();
        let never = RateLimiter::new(Some(RateCap {
            requests: 1,
            per: Duration::MAX,
        }));
        assert!(never.admit(None, start).is_ok());
        assert!(never.admit(None, start).unwrap_err() > Duration::from_secs(1 << 40));
        for cap in [
            RateCap {
                requests: 0,
                per: Duration::from_secs(1),
            },
            RateCap {
                requests: 5,
                per: Duration::ZERO,
            },
        ] {
            let open = RateLimiter::new(Some(cap));
            assert!((0..100).all(|_| open.admit(None, start).is_ok()));
        }
    }
}
