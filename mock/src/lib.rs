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
//! It serves the current API over real HTTP: tasks, runs, events, webhook endpoints, keys and
//! automations, with the API's response rules (bare objects and arrays, `{kind, message}`
//! errors, `201`/`204` where due), cursor pagination (`limit`, `after`, `before`, `order`,
//! filters; `Has-More`, `Limit` and an absolute `Link: <…>; rel="next"` built from the request's
//! `Host`), bearer authentication, and task statuses that advance so polling code can be
//! exercised (see [`Advance`]), and delivery of events to registered webhook endpoints. Fault
//! injection (latency, scheduled `429`/`503`/`502` answers and a per-key rate cap) is set in
//! [`MockConfig`]; [`MockServer::stats`] counts what was answered and delivered.
//!
//! # Behaviour worth knowing
//!
//! - Ids are a prefix (`task_`, `run_`, `evt_`, `we_`, `key_`, `auto_`) plus 16 random lowercase
//!   alphanumerics. Lists are ordered by a store-wide creation sequence, newest first by default.
//! - `POST /tasks` creates the task inside a run of its own, so `run_id` always names a run.
//!   Source URLs are listed in the task's `inputs` as `{"url": …}`; a URL containing `fail` makes
//!   the task end `failed`.
//! - Lists: `limit` 1–100 (default 20), `order` `asc`|`desc` (default `desc`), `after=<id>`
//!   returns the items following that item, `before=<id>` the `limit` items immediately
//!   preceding it (still listed in `order`). An unknown cursor id, a bad `limit` or `order` is
//!   `400 request_invalid` naming the parameter; so is a query with a `%` not followed by two
//!   hexadecimal digits, or one that decodes to something other than UTF-8. Unknown parameters
//!   are ignored. `Has-More` is
//!   `true` exactly when the `Link: <…>; rel="next"` URL (every parameter of the request except
//!   `before`, with `after` set to the last item's id) would return at least one item.
//! - `GET /automations/{automation_id}/runs` is an extension of the mock's own (the public API
//!   does not list it): the runs that `POST /automations/{id}/run` started, with exactly the
//!   pagination, headers and `status` filter of `GET /runs`; an unknown (or deleted) automation
//!   is `404 automation_not_found`.
//! - Your own resources ([`MockResource`], [`MockConfig::resource`], the binary's
//!   `--resources FILE`): a path template (nested, e.g. `/widgets/{widget_id}/parts`, or a
//!   singleton such as `/account`) and its objects, served on every path no shipped route
//!   matches, with the same pagination, headers, cursor errors, authentication, faults and rate
//!   cap; an unknown object or parent is `404 {noun}_not_found`.
//! - The rate cap ([`MockConfig::rate_limit`]) has one token bucket per API key, shared by all of
//!   that key's connections; it applies after authentication, so `401`s and faulted requests
//!   take no token. [`MockServer::stats`] counts its `429`s.
//! - Valid keys are the server's own key and the secrets of created, not yet deleted, keys.
//! - Every error, including unknown routes (`404 not_found`), wrong methods
//!   (`405 method_not_allowed`) and malformed bodies or queries (`400 request_invalid`), is a JSON
//!   `{kind, message}` body; the one exception is the injected `502`, whose body is HTML like a
//!   proxy's.
//! - Seeding ([`MockServer::seed_tasks`], [`MockConfig::seed_tasks`]) records no events.
//! - Webhooks: every recorded event is delivered to each active endpoint whose `topics` hold its
//!   kind (an endpoint with empty `topics` receives every kind) as a `POST` with
//!   `Content-Type: application/json` whose body is the event object exactly as
//!   `GET /events/{id}` shows it. A delivery succeeds on a `2xx` answer within
//!   [`WEBHOOK_TIMEOUT`] (5 s); otherwise it is retried, waiting one, two, four, … seconds
//!   (at most a minute), up to five attempts in all ([`MockConfig::webhook_attempts`],
//!   [`MockConfig::webhook_backoff`]). Deliveries run in the background and never hold up a
//!   request; each endpoint receives its events one at a time, in the order they were recorded,
//!   and the URL is the one the endpoint had then. [`MockServer::stats`] counts attempts,
//!   deliveries and events given up. Endpoint URLs must be HTTPS; plain-HTTP URLs on a loopback
//!   host are accepted only with [`MockConfig::allow_http_webhooks`] (the binary's
//!   `--allow-http-webhooks`), and otherwise answered `400 request_invalid` when the endpoint
//!   is created or changed. No signature is sent: the API documents no signature scheme. The
//!   mock asks reqwest for no TLS of its own: a delivery to an HTTPS URL uses the TLS that
//!   something else in the build enabled (the `ittybit` client does), and fails like a
//!   receiver that is down when there is none.

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
