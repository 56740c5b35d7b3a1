//! What one server shares between connections: store, faults, log, rate cap, webhook lanes.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinSet;

use crate::config::{Fault, FaultSchedule, MockConfig, WEBHOOK_TIMEOUT, WebhookPolicy};
use crate::store::{Outgoing, Store};

/// Counts of what a server has answered, from [`MockServer::stats`](crate::MockServer::stats).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockStats {
    /// Requests received, whatever their answer.
    pub requests: u64,
    /// Requests the rate cap answered `429`.
    pub throttled: u64,
    /// Requests a fault rule answered.
    pub faulted: u64,
    /// Webhook `POST`s tried: every attempt of every delivery.
    pub webhook_attempts: u64,
    /// Events an endpoint accepted, one per event and endpoint.
    pub webhooks_delivered: u64,
    /// Events given up for an endpoint after its last attempt.
    pub webhooks_failed: u64,
}

/// The server state as handlers and the front door receive it.
pub(crate) type SharedState = Arc<ServerState>;

/// Everything one server holds.
#[derive(Debug)]
pub(crate) struct ServerState {
    pub(crate) api_key: String,
    pub(crate) latency: Duration,
    pub(crate) webhooks: WebhookPolicy,
    store: Mutex<Store>,
    /// The fault rules in order, each with its random generator.
    faults: Mutex<Vec<(FaultSchedule, Fault, fastrand::Rng)>>,
    /// Requests per period per key; each key's bucket holds tokens and when it was filled.
    rate_cap: Option<(u32, Duration)>,
    buckets: Mutex<HashMap<Option<String>, (f64, Instant)>>,
    recent: Mutex<VecDeque<RecordedRequest>>,
    counts: Arc<Mutex<MockStats>>,
    queue: UnboundedSender<Outgoing>,
    /// The queue's receiving end until the dispatcher takes it.
    waiting: Mutex<Option<UnboundedReceiver<Outgoing>>>,
}

/// How many recent requests the log keeps.
pub(crate) const MAX_RECORDED: usize = 10_000;

impl ServerState {
    /// State for `config`, with its seeded tasks and resources inserted.
    pub(crate) fn new(config: MockConfig) -> SharedState {
        let mut store = Store::default();
        store.advance = config.advance;
        store.seed(config.seeds);
        for resource in config.resources {
            store.custom.add(resource);
        }
        let faults = config.faults.iter().map(|&(schedule, fault)| {
            let seed = match schedule {
                FaultSchedule::Fraction { seed, .. } => seed,
                FaultSchedule::Every(_) => 0,
            };
            (schedule, fault, fastrand::Rng::with_seed(seed))
        });
        let (queue, waiting) = unbounded_channel();
        Arc::new(Self {
            api_key: config.api_key,
            latency: config.latency,
            webhooks: config.webhooks,
            store: Mutex::new(store),
            faults: Mutex::new(faults.collect()),
            rate_cap: config.rate_cap.filter(|&(n, per)| n > 0 && !per.is_zero()),
            buckets: Mutex::default(),
            recent: Mutex::default(),
            counts: Arc::default(),
            queue,
            waiting: Mutex::new(Some(waiting)),
        })
    }

    /// The locked store, with time-based steps applied up to now.
    pub(crate) fn store(&self) -> StoreGuard<'_> {
        let mut store = lock(&self.store);
        store.catch_up(Instant::now());
        let queue = &self.queue;
        StoreGuard { store, queue }
    }

    /// Counts an arriving request and returns its 1-based number.
    pub(crate) fn arrive(&self) -> u64 {
        let mut counts = lock(&self.counts);
        counts.requests += 1;
        counts.requests
    }

    /// Records a completed request, forgetting the oldest beyond [`MAX_RECORDED`].
    pub(crate) fn record(&self, request: RecordedRequest) {
        let mut recent = lock(&self.recent);
        if recent.len() == MAX_RECORDED {
            recent.pop_front();
        }
        recent.push_back(request);
    }

    /// A copy of the recent requests, oldest first.
    pub(crate) fn recent(&self) -> Vec<RecordedRequest> {
        lock(&self.recent).iter().cloned().collect()
    }

    /// The fault of the first rule that picks request `n` (every rule sees every request).
    pub(crate) fn fault_for(&self, n: u64) -> Option<Fault> {
        let mut picked = None;
        for (schedule, fault, rng) in lock(&self.faults).iter_mut() {
            let picks = match *schedule {
                FaultSchedule::Every(k) => k != 0 && n.is_multiple_of(k),
                FaultSchedule::Fraction { fraction, .. } => rng.f64() < fraction.clamp(0.0, 1.0),
            };
            picked = picked.or(picks.then_some(*fault));
        }
        lock(&self.counts).faulted += u64::from(picked.is_some());
        picked
    }

    /// Lets a request of `key` through the rate cap, or says how long until it may send again.
    pub(crate) fn admit(&self, key: Option<&str>, now: Instant) -> Result<(), Duration> {
        let Some((requests, per)) = self.rate_cap else {
            return Ok(());
        };
        let capacity = f64::from(requests);
        let rate = capacity / per.as_secs_f64();
        let mut buckets = lock(&self.buckets);
        let bucket = buckets.entry(key.map(str::to_owned));
        let (tokens, last) = bucket.or_insert((capacity, now));
        let elapsed = now.saturating_duration_since(*last).as_secs_f64();
        *last = now;
        *tokens = (*tokens + elapsed * rate).min(capacity);
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            return Ok(());
        }
        lock(&self.counts).throttled += 1;
        // A tiny rate (a cap per century) waits longer than a `Duration` can say.
        Err(Duration::try_from_secs_f64((1.0 - *tokens) / rate).unwrap_or(Duration::MAX))
    }

    /// What the server has answered so far.
    pub(crate) fn stats(&self) -> MockStats {
        *lock(&self.counts)
    }

    /// The webhook dispatcher (once): hands each delivery to its endpoint's lane.
    pub(crate) fn webhook_dispatcher(&self) -> Option<impl Future<Output = ()> + Send + 'static> {
        let mut queue = lock(&self.waiting).take()?;
        let (policy, counts) = (self.webhooks, Arc::clone(&self.counts));
        // No proxy: receivers are on loopback, and a proxy would change what "reachable" means.
        let client = reqwest::Client::builder()
            .timeout(WEBHOOK_TIMEOUT)
            .user_agent(concat!("ittybit-mock/", env!("CARGO_PKG_VERSION")))
            .no_proxy()
            .build()
            .inspect_err(|err| {
                tracing::error!(%err, "ittybit-mock cannot build its webhook client; nothing will be delivered");
            })
            .ok();
        Some(async move {
            let mut lanes: HashMap<String, UnboundedSender<Outgoing>> = HashMap::new();
            // Owning the lanes here means they end when the dispatcher is dropped.
            let mut running = JoinSet::new();
            while let Some(delivery) = queue.recv().await {
                let entry = lanes.entry(delivery.endpoint_id.clone());
                let lane = entry.or_insert_with(|| {
                    let (send, receive) = unbounded_channel();
                    running.spawn(lane(receive, client.clone(), policy, Arc::clone(&counts)));
                    send
                });
                // A lane runs until its sender, kept in `lanes`, is dropped: this cannot fail.
                let _sent = lane.send(delivery);
            }
        })
    }
}

/// Delivers one endpoint's events in order, each up to `policy.attempts` times.
async fn lane(
    mut deliveries: UnboundedReceiver<Outgoing>,
    client: Option<reqwest::Client>,
    policy: WebhookPolicy,
    counts: Arc<Mutex<MockStats>>,
) {
    while let Some(delivery) = deliveries.recv().await {
        let (endpoint, event) = (&delivery.endpoint_id, &delivery.event_id);
        let mut attempt: u32 = 0;
        let delivered = loop {
            let Some(client) = &client else { break false };
            attempt = attempt.saturating_add(1);
            lock(&counts).webhook_attempts += 1;
            let answer = client
                .post(&delivery.url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(delivery.body.clone())
                .send()
                .await;
            let why = match answer {
                Ok(response) if response.status().is_success() => break true,
                Ok(response) => response.status().to_string(),
                Err(err) => err.to_string(),
            };
            tracing::debug!(%endpoint, %event, attempt, %why, "webhook delivery failed");
            if attempt >= policy.attempts {
                break false;
            }
            tokio::time::sleep(policy.delay_after(attempt)).await;
        };
        if !delivered {
            tracing::warn!(%endpoint, %event, "ittybit-mock gave up delivering an event");
        }
        let mut counts = lock(&counts);
        counts.webhooks_delivered += u64::from(delivered);
        counts.webhooks_failed += u64::from(!delivered);
    }
}

/// The locked store; dropping it queues the deliveries of the events recorded meanwhile, in order.
#[derive(Debug)]
pub(crate) struct StoreGuard<'a> {
    store: MutexGuard<'a, Store>,
    queue: &'a UnboundedSender<Outgoing>,
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
        // Once the dispatcher has stopped (the server is shut down) deliveries are dropped.
        for delivery in self.store.take_outgoing() {
            if self.queue.send(delivery).is_err() {
                break;
            }
        }
    }
}

/// Locks a mutex, carrying on with the data if another thread panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_most_recent_requests() {
        let log = ServerState::new(MockConfig::default());
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
        assert_eq!(
            log.stats().requests,
            u64::try_from(MAX_RECORDED).unwrap() + 1
        );
    }

    #[test]
    fn every_zero_never_picks() {
        let config = MockConfig::default().fault(FaultSchedule::every(0), Fault::Unavailable);
        let rules = ServerState::new(config);
        assert!((1..100).all(|n| rules.fault_for(n).is_none()));
    }

    fn limiter(requests: u32, per: Duration) -> SharedState {
        ServerState::new(MockConfig::default().rate_limit(requests, per))
    }

    #[test]
    fn each_key_has_a_bucket_that_refills_over_time() {
        let start = Instant::now();
        let limiter = limiter(2, Duration::from_secs(1));
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
        assert_eq!(limiter.stats().throttled, 1);
    }

    #[test]
    fn degenerate_caps_do_not_panic() {
        let start = Instant::now();
        let never = limiter(1, Duration::MAX);
        assert!(never.admit(None, start).is_ok());
        assert!(never.admit(None, start).unwrap_err() > Duration::from_secs(1 << 40));
        for (requests, per) in [(0, Duration::from_secs(1)), (5, Duration::ZERO)] {
            let open = limiter(requests, per);
            assert!((0..100).all(|_| open.admit(None, start).is_ok()));
        }
    }
}
