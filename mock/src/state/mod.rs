//! The state one server shares between all its connections: the configuration that applies per
//! request, the store, the fault rules and the request log.

pub(crate) mod faults;
pub(crate) mod lock;
pub(crate) mod log;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::config::MockConfig;
use crate::state::faults::{FaultState, Injected};
use crate::state::lock::lock;
use crate::state::log::RequestLog;
use crate::store::Store;

/// The server state as handlers and the front door receive it.
pub(crate) type SharedState = Arc<ServerState>;

/// Everything one server holds.
#[derive(Debug)]
pub(crate) struct ServerState {
    api_key: String,
    latency: Duration,
    store: Mutex<Store>,
    faults: Mutex<FaultState>,
    log: RequestLog,
}

impl ServerState {
    /// State for `config`, with its seeded tasks inserted.
    pub(crate) fn new(config: MockConfig) -> SharedState {
        let mut store = Store::new(config.advance);
        store.seed(config.seeds);
        Arc::new(Self {
            faults: Mutex::new(FaultState::new(
                &config.faults,
                config.max_requests_per_second,
            )),
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

    /// What replaces request number `n`, if anything.
    pub(crate) fn fault_for(&self, n: u64) -> Option<Injected> {
        lock(&self.faults).decide(n, Instant::now())
    }

    /// The request log.
    pub(crate) fn log(&self) -> &RequestLog {
        &self.log
    }
}
