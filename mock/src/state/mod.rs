//! The state one server shares between all its connections: the configuration that applies per
//! request, the store, the fault rules, the request log and the webhook delivery queue.

pub(crate) mod delivery;
pub(crate) mod faults;
pub(crate) mod limiter;
pub(crate) mod lock;
pub(crate) mod log;

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::config::MockConfig;
use crate::faults::Fault;
use crate::state::delivery::Deliveries;
use crate::state::faults::FaultRules;
use crate::state::limiter::RateLimiter;
use crate::state::lock::lock;
use crate::state::log::RequestLog;
use crate::store::Store;

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
