//! Shared server state and the complete router.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::middleware;
use axum::response::Response;

use crate::config::MockConfig;
use crate::faults::FaultState;
use crate::frontdoor;
use crate::record::RequestLog;
use crate::resources;
use crate::store::{Store, lock};

/// The state handlers receive.
pub(crate) type App = Arc<Shared>;

/// Everything one server holds.
#[derive(Debug)]
pub(crate) struct Shared {
    api_key: String,
    latency: Duration,
    store: Mutex<Store>,
    faults: Mutex<FaultState>,
    log: RequestLog,
}

impl Shared {
    /// State for `config`, with its seeded tasks inserted.
    pub(crate) fn new(config: MockConfig) -> App {
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

    /// The fault response for request number `n`, if any.
    pub(crate) fn fault_for(&self, n: u64) -> Option<Response> {
        lock(&self.faults).decide(n, Instant::now())
    }

    /// The request log.
    pub(crate) fn log(&self) -> &RequestLog {
        &self.log
    }
}

/// The whole API behind the front door (recording, latency, faults, auth).
pub(crate) fn router(app: App) -> Router {
    resources::router()
        .layer(middleware::from_fn_with_state(
            app.clone(),
            frontdoor::front_door,
        ))
        .with_state(app)
}
