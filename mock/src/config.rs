//! The public settings: server configuration (the API key, status advancement, latency, the
//! rate cap, seeds and webhook delivery), fault rules ([`FaultSchedule`], [`Fault`]) and the
//! tasks seeded into the store ([`TaskSeed`]).

use std::time::Duration;

use crate::resources::MockResource;

/// The API key a server accepts when no other key is configured.
pub const DEFAULT_API_KEY: &str = "ittybit_mock_key";

/// How task statuses move forward, so that polling code has something to poll.
///
/// Tasks walk `waiting → queued → processing → succeeded` (progress `0 → 0 → 50 → 100`). A task
/// whose source URL contains `fail` ends `failed` instead, with an `error` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Advance {
    /// Each `GET /tasks/{id}` moves that task one step; each `GET /runs/{id}` moves every task of
    /// the run one step. Lists never move anything.
    #[default]
    PerRead,
    /// A task moves one step each time the given duration has elapsed since it was created (or
    /// since its previous step). Steps are applied when the next request arrives.
    Every(Duration),
    /// Statuses never change.
    Never,
}

/// A rate cap: `requests` per `per`, per API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateCap {
    /// Requests a key may send per period (also the burst size).
    pub(crate) requests: u32,
    /// The period.
    pub(crate) per: Duration,
}

/// How long the mock waits for a webhook endpoint's answer before counting the attempt as
/// failed: the API expects a `2xx` within five seconds.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

/// The longest wait between two delivery attempts, however many attempts came before.
const MAX_WEBHOOK_BACKOFF: Duration = Duration::from_secs(60);

/// How events are delivered to webhook endpoints; see [`MockConfig::webhook_attempts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WebhookPolicy {
    /// Whether endpoints may have plain-HTTP loopback URLs.
    pub(crate) allow_http: bool,
    /// Attempts per event and endpoint, the first included (at least 1).
    pub(crate) attempts: u32,
    /// The wait before the second attempt; each later wait doubles, up to a minute.
    pub(crate) backoff: Duration,
    /// How long one attempt may take.
    pub(crate) timeout: Duration,
}

impl Default for WebhookPolicy {
    fn default() -> Self {
        Self {
            allow_http: false,
            attempts: 5,
            backoff: Duration::from_secs(1),
            timeout: WEBHOOK_TIMEOUT,
        }
    }
}

impl WebhookPolicy {
    /// The wait after failed attempt number `attempt` (1-based): `backoff × 2^(attempt − 1)`,
    /// at most a minute (or `backoff` itself when that is longer).
    pub(crate) fn delay_after(&self, attempt: u32) -> Duration {
        let factor = 1_u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.backoff
            .saturating_mul(factor)
            .min(MAX_WEBHOOK_BACKOFF.max(self.backoff))
    }
}

/// Configuration of a [`MockServer`](crate::MockServer) or of [`serve`](crate::serve).
///
/// Built with chained methods from [`MockConfig::default`]:
///
/// ```
/// use std::time::Duration;
/// use ittybit_mock::{Advance, Fault, FaultSchedule, MockConfig, RetryAfter};
///
/// let config = MockConfig::default()
///     .api_key("ittybit_test_x")
///     .latency(Duration::from_millis(5))
///     .fault(FaultSchedule::every(5), Fault::RateLimited { retry_after: RetryAfter::Seconds(0) })
///     .max_requests_per_second(50)
///     .advance(Advance::PerRead);
/// # let _ = config;
/// ```
#[derive(Debug, Clone)]
pub struct MockConfig {
    pub(crate) api_key: String,
    pub(crate) latency: Duration,
    pub(crate) faults: Vec<(FaultSchedule, Fault)>,
    pub(crate) rate_cap: Option<RateCap>,
    pub(crate) advance: Advance,
    pub(crate) seeds: Vec<TaskSeed>,
    pub(crate) webhooks: WebhookPolicy,
    pub(crate) resources: Vec<MockResource>,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            api_key: DEFAULT_API_KEY.to_owned(),
            latency: Duration::ZERO,
            faults: Vec::new(),
            rate_cap: None,
            advance: Advance::default(),
            seeds: Vec::new(),
            webhooks: WebhookPolicy::default(),
            resources: Vec::new(),
        }
    }
}

impl MockConfig {
    /// The same as [`MockConfig::default`]: key [`DEFAULT_API_KEY`], no latency, no faults, no
    /// rate cap, [`Advance::PerRead`], no seeded tasks, HTTPS-only webhook endpoints with five
    /// delivery attempts one, two, four and eight seconds apart.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the server's own API key (always valid, never listed under `GET /keys`).
    #[must_use]
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = key.into();
        self
    }

    /// Delays every response, faulted or not, by `latency`.
    #[must_use]
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Adds a fault rule: requests picked by `schedule` answer `fault` instead of reaching the
    /// API. Rules are checked in the order they were added; the first one that picks a request
    /// wins. Faulted requests change no state.
    #[must_use]
    pub fn fault(mut self, schedule: FaultSchedule, fault: Fault) -> Self {
        self.faults.push((schedule, fault));
        self
    }

    /// Caps each API key at `per_second` requests a second: the same as
    /// [`rate_limit(per_second, 1 s)`](MockConfig::rate_limit). `0` (the default) means no cap.
    #[must_use]
    pub fn max_requests_per_second(self, per_second: u32) -> Self {
        self.rate_limit(per_second, Duration::from_secs(1))
    }

    /// Caps each API key at `requests` requests per `per`, with a token bucket per key holding
    /// `requests` tokens and refilled at `requests` tokens per `per`. The bucket is shared by all
    /// of that key's connections. A request finding its key's bucket empty answers
    /// `429 Too Many Requests` (`rate_limited`) with `Retry-After` set to the whole seconds until
    /// the next token (at least 1); [`MockServer::stats`] counts these. Requests that fail
    /// authentication or are answered by a [`fault`](MockConfig::fault) rule take no token.
    /// `0` requests or a zero `per` means no cap.
    ///
    /// [`MockServer::stats`]: crate::MockServer::stats
    #[must_use]
    pub fn rate_limit(mut self, requests: u32, per: Duration) -> Self {
        self.rate_cap = Some(RateCap { requests, per });
        self
    }

    /// Chooses how task statuses advance (default [`Advance::PerRead`]).
    #[must_use]
    pub fn advance(mut self, advance: Advance) -> Self {
        self.advance = advance;
        self
    }

    /// Adds tasks that exist from the start, as [`MockServer::seed_tasks`] would. Seeding records
    /// no events.
    ///
    /// [`MockServer::seed_tasks`]: crate::MockServer::seed_tasks
    #[must_use]
    pub fn seed_tasks(mut self, seeds: impl IntoIterator<Item = TaskSeed>) -> Self {
        self.seeds.extend(seeds);
        self
    }

    /// Serves a resource of your own (a path template and its objects) beside the API's routes,
    /// with the same pagination, authentication, faults and rate cap; see [`MockResource`].
    /// A path given twice adds the second resource's objects to the first.
    ///
    /// ```
    /// use ittybit_mock::{MockConfig, MockResource};
    /// use serde_json::json;
    ///
    /// let counters = (1..=30).map(|n| json!({"id": n, "value": n * 10}));
    /// let config = MockConfig::default()
    ///     .resource(MockResource::collection("/counters", counters).expect("a valid resource"));
    /// # let _ = config;
    /// ```
    #[must_use]
    pub fn resource(mut self, resource: MockResource) -> Self {
        self.resources.push(resource);
        self
    }

    /// Lets webhook endpoints have plain-HTTP URLs on a loopback host (`127.0.0.0/8`, `[::1]`,
    /// `localhost`), so that a test or example can receive events on `http://127.0.0.1:…`.
    /// Without it (the default), and for every other host, an endpoint URL must be HTTPS:
    /// `POST`/`PATCH /webhooks/endpoints` answer `400 request_invalid` naming `url`.
    ///
    /// ```
    /// use ittybit_mock::MockConfig;
    ///
    /// let config = MockConfig::default().allow_http_webhooks(true);
    /// # let _ = config;
    /// ```
    #[must_use]
    pub fn allow_http_webhooks(mut self, allow: bool) -> Self {
        self.webhooks.allow_http = allow;
        self
    }

    /// How many times the mock tries to deliver an event to an endpoint, the first attempt
    /// included (default 5; `0` counts as 1). An attempt fails when the endpoint does not answer
    /// `2xx` within [`WEBHOOK_TIMEOUT`] or cannot be reached; after the last failure the event
    /// is given up for that endpoint.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ittybit_mock::MockConfig;
    ///
    /// // Three attempts, 1 ms then 2 ms apart: fast enough for tests.
    /// let config = MockConfig::default()
    ///     .webhook_attempts(3)
    ///     .webhook_backoff(Duration::from_millis(1));
    /// # let _ = config;
    /// ```
    #[must_use]
    pub fn webhook_attempts(mut self, attempts: u32) -> Self {
        self.webhooks.attempts = attempts.max(1);
        self
    }

    /// The wait before the second delivery attempt (default one second); each later wait is
    /// twice the one before, up to a minute. See [`MockConfig::webhook_attempts`].
    #[must_use]
    pub fn webhook_backoff(mut self, first_delay: Duration) -> Self {
        self.webhooks.backoff = first_delay;
        self
    }
}

/// The value of a `Retry-After` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAfter {
    /// Delta-seconds form, e.g. `Retry-After: 1`.
    Seconds(u64),
    /// HTTP-date form, e.g. `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`, set to the response
    /// time plus this duration (HTTP dates have one-second resolution).
    HttpDate(Duration),
}

impl Default for RetryAfter {
    /// `Retry-After: 1`.
    fn default() -> Self {
        Self::Seconds(1)
    }
}

/// What a faulted request answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429 Too Many Requests` with a `Retry-After` header and kind `rate_limited`.
    RateLimited {
        /// The `Retry-After` value.
        retry_after: RetryAfter,
    },
    /// `503 Service Unavailable` with kind `service_unavailable`.
    Unavailable,
    /// `500 Internal Server Error` with kind `internal_error`.
    InternalError,
    /// `502 Bad Gateway` with an HTML body (`text/html`), as a proxy in front of the API would
    /// send.
    BadGateway,
}

impl Fault {
    /// A `429` with `Retry-After: 1`.
    #[must_use]
    pub fn rate_limited() -> Self {
        Self::RateLimited {
            retry_after: RetryAfter::default(),
        }
    }
}

/// Which requests a fault rule picks.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum FaultSchedule {
    /// Every k-th request: requests number k, 2k, 3k, … counting every request the server
    /// receives from its start (1-based). `k = 0` never picks a request.
    Every(u64),
    /// Each request with probability `fraction` (clamped to 0–1), drawn from a random generator
    /// seeded with `seed`, so a given sequence of requests faults the same way on every run.
    Fraction {
        /// The probability of a fault, from 0 to 1.
        fraction: f64,
        /// The seed of the random generator.
        seed: u64,
    },
}

impl FaultSchedule {
    /// Every `k`-th request (see [`FaultSchedule::Every`]).
    #[must_use]
    pub fn every(k: u64) -> Self {
        Self::Every(k)
    }

    /// A seeded random `fraction` of requests (see [`FaultSchedule::Fraction`]).
    #[must_use]
    pub fn fraction(fraction: f64, seed: u64) -> Self {
        Self::Fraction { fraction, seed }
    }
}

/// A task to insert with [`MockServer::seed_tasks`](crate::MockServer::seed_tasks) or
/// [`MockConfig::seed_tasks`](crate::MockConfig::seed_tasks).
///
/// `kind` and `status` are taken as given, so unknown values (a `ready` status, a new kind) can
/// be seeded to exercise lenient decoding. Every seeded task looks like one the API would send:
/// one input file (a source on example.com), the `options` its kind typically has and two
/// `metadata` keys. Known statuses get consistent fields: `succeeded` has progress 100,
/// `started_at`/`finished_at` set and, for a kind that produces a file, one output file (on a
/// fake CDN, with mimetype, size, dimensions and duration by kind); `failed` has an `error`
/// object; `processing` has progress 50, `waiting`/`queued` have progress 0; unknown statuses
/// have progress `null` and never advance.
///
/// A seed without `run_id` gets a fresh `run_…` id that no stored run carries (seeding creates no
/// runs). `created_by` is only visible through the `created_by` filter of `GET /tasks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSeed {
    /// The task kind, e.g. `video`.
    pub kind: String,
    /// The task status, e.g. `succeeded`.
    pub status: String,
    /// The run the task belongs to; `None` for a fresh, unstored run id.
    pub run_id: Option<String>,
    /// The id of the key that created the task, if any.
    pub created_by: Option<String>,
}

/// Kinds cycled through by [`TaskSeed::many`].
const MANY_KINDS: [&str; 3] = ["video", "image", "audio"];
/// Statuses cycled through by [`TaskSeed::many`].
const MANY_STATUSES: [&str; 4] = ["succeeded", "failed", "processing", "queued"];

impl TaskSeed {
    /// A seed of the given kind and status, with no run and no creator.
    #[must_use]
    pub fn new(kind: impl Into<String>, status: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            status: status.into(),
            run_id: None,
            created_by: None,
        }
    }

    /// `n` deterministic seeds: item `i` has kind `["video", "image", "audio"][i % 3]` and status
    /// `["succeeded", "failed", "processing", "queued"][i % 4]`, no `run_id` and no `created_by`.
    /// Items are created in order, so item `n - 1` is the newest.
    #[must_use]
    pub fn many(n: usize) -> Vec<Self> {
        (0..n)
            .map(|i| {
                Self::new(
                    MANY_KINDS[i % MANY_KINDS.len()],
                    MANY_STATUSES[i % MANY_STATUSES.len()],
                )
            })
            .collect()
    }
}

impl Default for TaskSeed {
    /// A `video` task that has `succeeded`.
    fn default() -> Self {
        Self::new("video", "succeeded")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_waits_double_up_to_a_minute() {
        let policy = MockConfig::default()
            .webhook_backoff(Duration::from_secs(1))
            .webhooks;
        let waits: Vec<u64> = (1..=8).map(|n| policy.delay_after(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(policy.delay_after(u32::MAX).as_secs(), 60);
        let long = MockConfig::default()
            .webhook_backoff(Duration::MAX)
            .webhooks;
        assert_eq!(long.delay_after(3), Duration::MAX);
        assert_eq!(
            MockConfig::default().webhook_attempts(0).webhooks.attempts,
            1
        );
    }
}
