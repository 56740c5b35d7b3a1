//! The state one server shares between all its connections: the configuration that applies per
//! request, the store, the fault rules and the request log.

pub(crate) mod faults;
pub(crate) mod limiter;
pub(crate) mod lock;
pub(crate) mod log;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::config::MockConfig;
use crate::faults::Fault;
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
}

impl ServerState {
    /// State for `config`, with its seeded tasks inserted.
    pub(crate) fn new(config: MockConfig) -> SharedState {
        let mut store = Store::new(config.advance);
        store.seed(config.seeds);
        Arc::new(Self {
            faults: Mutex::new(FaultRules::new(&config.faults)),
            faulted: AtomicU64::new(0),
            limiter: RateLimiter::new(config.rate_cap),
            api_key: config.api_key,
            latency: config.latency,
            store: Mutex::new(store),
            log: RequestLog::default(),
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

    /// The locked store, with time-based steps applied up to now.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        let mut store = lock(&self.store);
        store.catch_up(Instant::now());
        store
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
        }
    }

    /// The request log.
    pub(crate) fn log(&self) -> &RequestLog {
        &self.log
    }
}
