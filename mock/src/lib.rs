//! A local, in-memory fake of the Ittybit API, for tests, examples and benchmarks.
//!
//! ```
//! use std::time::Duration;
//!
//! use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockResource, MockServer, RetryAfter, TaskSeed};
//! use serde_json::json;
//!
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), ittybit_mock::ResourceError> {
//!     // Your own resource beside the API's, under the same rules.
//!     let widgets = MockResource::collection("/widgets", [json!({"id": "w_1", "colour": "red"})])?;
//!     let mock = MockServer::start_with(
//!         MockConfig::default()
//!             .latency(Duration::from_millis(1))
//!             .fault(FaultSchedule::every(5), Fault::RateLimited { retry_after: RetryAfter::Seconds(0) })
//!             .resource(widgets),
//!     )
//!     .await;
//!     mock.seed_tasks(TaskSeed::many(50));
//!     println!("GET {}/tasks with Authorization: Bearer {}", mock.url(), mock.api_key());
//!     Ok(())
//! }
//! ```
//!
//! It serves tasks, runs, events, webhook endpoints, keys and automations over real HTTP with
//! the API's rules: bearer authentication, bare objects and arrays, `{kind, message}` errors
//! (`404 not_found` for unknown routes, `405 method_not_allowed`, `400 request_invalid` naming
//! the field or parameter), and cursor pagination (`limit` 1–100, `after`, `before`, `order`,
//! filters; `Has-More`, `Limit` and an absolute `Link: <…>; rel="next"`). Ids are a prefix
//! (`task_`, `run_`, …) and 16 random lowercase alphanumerics; lists are newest first by
//! default. Task statuses advance so polling code can be exercised ([`Advance`]); a source URL
//! containing `fail` makes its task fail. `GET /automations/{id}/runs` is the mock's own
//! extension, listing the runs an automation started.
//!
//! Every recorded event is `POST`ed to each active webhook endpoint whose `topics` hold its
//! kind (empty `topics`: every kind), in the background, one at a time per endpoint, with
//! retries ([`MockConfig::webhook_attempts`]). No signature is sent, and HTTPS deliveries use
//! whatever TLS the rest of the build enables for reqwest.

// The modules import one way, each only from those listed before it (checked by
// `tests/layering.rs`; ARCHITECTURE.md describes the layers).
mod config;
mod http;
mod model;
mod routes;
mod server;
mod state;
mod store;

pub use config::{
    Advance, DEFAULT_API_KEY, Fault, FaultSchedule, MockConfig, MockResource, ResourceError,
    RetryAfter, TaskSeed, WEBHOOK_TIMEOUT,
};
pub use server::{MockServer, serve, serve_until};
pub use state::{MockStats, RecordedRequest};
