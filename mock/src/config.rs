//! The public settings: server configuration, fault rules, seeded tasks and the caller's own
//! resources (a path template and its objects, checked).

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

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

/// How long the mock waits for a webhook endpoint's answer before counting the attempt as
/// failed: the API expects a `2xx` within five seconds.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

/// The longest wait between two delivery attempts, however many attempts came before.
const MAX_WEBHOOK_BACKOFF: Duration = Duration::from_secs(60);

/// How events are delivered to webhook endpoints; see [`MockConfig::webhook_attempts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WebhookPolicy {
    pub(crate) allow_http: bool,
    pub(crate) attempts: u32,
    pub(crate) backoff: Duration,
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
/// Built with chained methods from [`MockConfig::default`] (key [`DEFAULT_API_KEY`], no
/// latency, faults or rate cap, [`Advance::PerRead`], no seeded tasks, HTTPS-only webhook
/// endpoints with five delivery attempts one, two, four and eight seconds apart):
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
    /// Requests per period, per key.
    pub(crate) rate_cap: Option<(u32, Duration)>,
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
            webhooks: WebhookPolicy {
                allow_http: false,
                attempts: 5,
                backoff: Duration::from_secs(1),
            },
            resources: Vec::new(),
        }
    }
}

impl MockConfig {
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
        self.rate_cap = Some((requests, per));
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
        let (kinds, statuses) = (
            ["video", "image", "audio"],
            ["succeeded", "failed", "processing", "queued"],
        );
        (0..n)
            .map(|i| Self::new(kinds[i % 3], statuses[i % 4]))
            .collect()
    }
}

impl Default for TaskSeed {
    /// A `video` task that has `succeeded`.
    fn default() -> Self {
        Self::new("video", "succeeded")
    }
}

/// A resource of your own for the mock to serve: a path template and its objects.
///
/// A **collection** (`/widgets`, or nested: `/widgets/{widget_id}/parts`) answers
/// `GET {path}` (a list, with the pagination, headers and cursor errors of the shipped lists),
/// `GET {path}/{id}`, `POST {path}` (a JSON object body, stored as the newest object with a
/// fresh id, `201`) and `DELETE {path}/{id}` (`204`). A fresh id is the next integer when every
/// id given was an integer, else `{noun}_` and 16 random characters (`part_…`); a created
/// object also gets the path's placeholder fields. A **singleton** (`/account`) answers
/// `GET {path}`.
///
/// Each object is a JSON object. A collection's objects need an `id` (a string or an integer,
/// unique within the resource); the value of each placeholder of the path is read from the
/// object's field of the same name (`widget_id`), so `GET /widgets/w_1/parts` lists the parts
/// whose `widget_id` is `w_1`. When the parent collection (`/widgets`) is a resource too, an
/// unknown parent is `404 widget_not_found`, as an unknown object is `404 part_not_found` (the
/// kind is the last literal segment of the path, without a trailing `s`). Objects are listed in
/// the order given (the last is the newest).
///
/// Requests go through the same front door as the shipped routes: authentication, latency,
/// faults and the rate cap apply. A shipped route (`/tasks/{id}`, …) wins over a resource with
/// the same path.
///
/// ```
/// use ittybit_mock::{MockConfig, MockResource};
/// use serde_json::json;
///
/// # fn main() -> Result<(), ittybit_mock::ResourceError> {
/// let widgets = MockResource::collection("/widgets", [json!({"id": "w_1", "colour": "red"})])?
///     .filter("colour");
/// let parts = MockResource::collection(
///     "/widgets/{widget_id}/parts",
///     [json!({"id": "part_1", "widget_id": "w_1"})],
/// )?;
/// let account = MockResource::singleton("/account", json!({"name": "Acme"}))?;
/// let config = MockConfig::default().resource(widgets).resource(parts).resource(account);
/// # let _ = config;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MockResource {
    pub(crate) path: String,
    pub(crate) template: Template,
    pub(crate) singleton: bool,
    pub(crate) objects: Vec<Object>,
    pub(crate) filters: Vec<String>,
}

/// One object of a resource, checked; serializes to its body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Object {
    /// Its id as it appears in paths and cursors (for a singleton, a key made of its parents).
    pub(crate) id: String,
    /// The values of the path's placeholders, in order.
    pub(crate) parents: Vec<String>,
    pub(crate) body: Map<String, Value>,
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(serializer)
    }
}

/// A path template split into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template(pub(crate) Vec<Segment>);

/// One segment of a path template: text matched exactly, or `{name}`, any one segment whose
/// value objects hold in their field `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Param(String),
}

/// Why a resource cannot be served: its path or one of its objects, with the place named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceError {
    message: String,
}

impl ResourceError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResourceError {}

impl MockResource {
    /// A collection at `path` (items at `{path}/{id}`) holding `objects`, oldest first.
    ///
    /// # Errors
    ///
    /// If `path` is not a template such as `/widgets` or `/widgets/{widget_id}/parts` (it must
    /// start with `/`, have no empty segment, query or fragment, name each placeholder once,
    /// and end with a literal segment), or an object is not a JSON object, has no `id` that is
    /// a string or an integer, repeats an id, or lacks a placeholder's field.
    pub fn collection(
        path: &str,
        objects: impl IntoIterator<Item = Value>,
    ) -> Result<Self, ResourceError> {
        let template = Template::parse(path)?;
        if !matches!(template.0.last(), Some(Segment::Literal(_))) {
            return Err(ResourceError::new(format!(
                "the collection path `{path}` must end with a literal segment, such as `/parts`"
            )));
        }
        let mut seen = HashSet::new();
        let mut checked = Vec::new();
        for (index, object) in objects.into_iter().enumerate() {
            let place = || format!("object {index} of `{path}`");
            let body = as_object(object, &place)?;
            let id = body
                .get("id")
                .and_then(display)
                .filter(|id| !id.is_empty())
                .ok_or_else(|| {
                    ResourceError::new(format!(
                        "{} needs an `id` that is a non-empty string or an integer",
                        place()
                    ))
                })?;
            if !seen.insert(id.clone()) {
                return Err(ResourceError::new(format!(
                    "{} repeats the id `{id}`; ids are unique within a resource",
                    place()
                )));
            }
            let parents = template.parents_of(&body, &place)?;
            checked.push(Object { id, parents, body });
        }
        Ok(Self {
            path: path.to_owned(),
            template,
            singleton: false,
            objects: checked,
            filters: Vec::new(),
        })
    }

    /// A singleton at `path` (`/account`): one object, no id, no list. In a nested path
    /// (`/widgets/{widget_id}/settings`) the object holds each placeholder's field; register
    /// the same path again to add the object of another parent.
    ///
    /// # Errors
    ///
    /// If `path` is not a template (see [`MockResource::collection`]), `object` is not a JSON
    /// object, or it lacks a placeholder's field.
    pub fn singleton(path: &str, object: Value) -> Result<Self, ResourceError> {
        let template = Template::parse(path)?;
        let place = || format!("the object of `{path}`");
        let body = as_object(object, &place)?;
        let parents = template.parents_of(&body, &place)?;
        Ok(Self {
            path: path.to_owned(),
            template,
            singleton: true,
            objects: vec![Object {
                id: singleton_key(&parents),
                parents,
                body,
            }],
            filters: Vec::new(),
        })
    }

    /// Lets the list take a query parameter `field` that keeps the objects whose top-level
    /// field of that name equals it (`?colour=red`; numbers and booleans compare as written).
    /// Other unknown parameters are ignored, as on the shipped lists.
    #[must_use]
    pub fn filter(mut self, field: impl Into<String>) -> Self {
        self.filters.push(field.into());
        self
    }

    /// The path template, as given.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Reads resources from JSON text: an array of
    /// `{"path": "/widgets", "items": [{…}, …], "filters": ["colour"]}` for collections and
    /// `{"path": "/account", "singleton": {…}}` for singletons (`filters` is optional). This is
    /// the format of the binary's `--resources FILE`.
    ///
    /// ```
    /// let resources = ittybit_mock::MockResource::from_json(
    ///     r#"[{"path": "/widgets", "items": [{"id": "w_1"}]},
    ///         {"path": "/account", "singleton": {"name": "Acme"}}]"#,
    /// )?;
    /// assert_eq!(resources.len(), 2);
    /// # Ok::<(), ittybit_mock::ResourceError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If the text is not JSON of that shape (the message names the entry and field), or a
    /// resource is invalid (see [`MockResource::collection`]).
    pub fn from_json(text: &str) -> Result<Vec<Self>, ResourceError> {
        let json: Value = serde_json::from_str(text)
            .map_err(|err| ResourceError::new(format!("not valid JSON: {err}")))?;
        let entries: Vec<Entry> = serde_path_to_error::deserialize(&json).map_err(|err| {
            let (path, inner) = (err.path().to_string(), err.inner().to_string());
            ResourceError::new(match err.path().iter().next() {
                Some(serde_path_to_error::Segment::Seq { index }) => {
                    let field = path[format!("[{index}]").len()..].trim_start_matches('.');
                    if field.is_empty() || inner.contains(&format!("`{field}`")) {
                        format!("resource {index}: {inner}")
                    } else {
                        format!("resource {index}: `{field}`: {inner}")
                    }
                }
                _ => format!(
                    "expected a JSON array of resources, such as [{{\"path\": \"/widgets\", \"items\": []}}]: {inner}"
                ),
            })
        })?;
        entries
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                match (entry.items, entry.singleton) {
                    (Some(items), None) => Self::collection(&entry.path, items),
                    (None, Some(object)) => Self::singleton(&entry.path, object),
                    _ => Err(ResourceError::new(
                        "needs exactly one of `items` (a collection) and `singleton`",
                    )),
                }
                .map(|resource| entry.filters.into_iter().fold(resource, Self::filter))
                .map_err(|err| ResourceError::new(format!("resource {index}: {}", err.message)))
            })
            .collect()
    }
}

/// One entry of [`MockResource::from_json`].
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object with `path` and `items` or `singleton`"
)]
struct Entry {
    path: String,
    items: Option<Vec<Value>>,
    singleton: Option<Value>,
    #[serde(default)]
    filters: Vec<String>,
}

impl Template {
    /// Parses `/a/{b}/c`.
    pub(crate) fn parse(path: &str) -> Result<Self, ResourceError> {
        let bad = |why: &str| ResourceError::new(format!("the path `{path}` {why}"));
        let Some(rest) = path.strip_prefix('/') else {
            return Err(bad("must start with `/`"));
        };
        if path.contains(['?', '#', '\\']) || path.chars().any(char::is_whitespace) {
            return Err(bad(
                "may not hold a query, a fragment, a backslash or whitespace",
            ));
        }
        let mut names = HashSet::new();
        let mut segments = Vec::new();
        for segment in rest.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return Err(bad("has an empty, `.` or `..` segment"));
            }
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let valid = name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err(bad(&format!(
                        "has a placeholder `{segment}` whose name is not an identifier"
                    )));
                }
                if !names.insert(name) {
                    return Err(bad(&format!("names the placeholder `{segment}` twice")));
                }
                segments.push(Segment::Param(name.to_owned()));
            } else if segment.contains(['{', '}']) {
                return Err(bad(&format!(
                    "has a segment `{segment}` that is neither text nor a whole `{{placeholder}}`"
                )));
            } else {
                segments.push(Segment::Literal(segment.to_owned()));
            }
        }
        Ok(Self(segments))
    }

    /// The placeholders' names, in order.
    pub(crate) fn params(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|segment| match segment {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The values of the placeholders, read from the object's fields.
    fn parents_of(
        &self,
        body: &Map<String, Value>,
        place: &impl Fn() -> String,
    ) -> Result<Vec<String>, ResourceError> {
        self.params()
            .map(|name| {
                body.get(name).and_then(display).ok_or_else(|| {
                    ResourceError::new(format!(
                        "{} needs a field `{name}` (a string or an integer) for the path's `{{{name}}}`",
                        place()
                    ))
                })
            })
            .collect()
    }

    /// The resource's name in messages and error kinds: the last literal segment, without a
    /// trailing `s` (`/widgets/{widget_id}/parts` → `part`).
    pub(crate) fn noun(&self) -> String {
        let last = self
            .0
            .iter()
            .rev()
            .find_map(|segment| match segment {
                Segment::Literal(text) => Some(text.as_str()),
                Segment::Param(_) => None,
            })
            .unwrap_or("resource");
        let singular = last
            .strip_suffix('s')
            .filter(|s| !s.is_empty())
            .unwrap_or(last);
        singular
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect()
    }
}

/// A JSON object, or an error naming the place.
fn as_object(
    value: Value,
    place: &impl Fn() -> String,
) -> Result<Map<String, Value>, ResourceError> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(ResourceError::new(format!(
            "{} must be a JSON object, not `{other}`",
            place()
        ))),
    }
}

/// The key a singleton's object is stored under: its parents, each with its length, so that no
/// two lists of parents share a key (`["a/b", "c"]` and `["a", "b/c"]` differ).
pub(crate) fn singleton_key(parents: &[String]) -> String {
    let parts: Vec<String> = parents
        .iter()
        .map(|p| format!("{}:{p};", p.len()))
        .collect();
    parts.concat()
}

/// A string's text or an integer's digits: how an id or parent appears in a path.
pub(crate) fn display(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some(number.to_string()),
        _ => None,
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

#[cfg(test)]
mod resource_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_are_checked() {
        for bad in [
            "widgets",
            "/",
            "/widgets/",
            "/a//b",
            "/a/../b",
            "/a?x=1",
            "/a/{}",
            "/a/{1x}/b",
            "/a/{x}/b/{x}/c",
            "/a/x{y}/b",
            "/a b",
        ] {
            assert!(Template::parse(bad).is_err(), "{bad}");
        }
        let template = Template::parse("/widgets/{widget_id}/parts").unwrap();
        assert_eq!(template.params().collect::<Vec<_>>(), ["widget_id"]);
        assert_eq!(template.noun(), "part");
        assert_eq!(Template::parse("/account").unwrap().noun(), "account");
        assert_eq!(Template::parse("/line-items").unwrap().noun(), "line_item");
    }

    #[test]
    fn objects_are_checked_with_their_place_named() {
        let err = |result: Result<MockResource, ResourceError>| result.unwrap_err().to_string();
        assert!(err(MockResource::collection("/w/{w_id}", [])).contains("literal segment"));
        assert_eq!(
            err(MockResource::collection(
                "/w",
                [json!({"id": "a"}), json!(3)]
            )),
            "object 1 of `/w` must be a JSON object, not `3`"
        );
        assert!(err(MockResource::collection("/w", [json!({"id": 1.5})])).contains("`id`"));
        assert!(err(MockResource::collection("/w", [json!({"id": ""})])).contains("`id`"));
        assert!(
            err(MockResource::collection(
                "/w",
                [json!({"id": 1}), json!({"id": "1"})]
            ))
            .contains("repeats")
        );
        assert!(
            err(MockResource::collection("/w/{w_id}/p", [json!({"id": 1})])).contains("`w_id`")
        );
        assert!(err(MockResource::singleton("/w/{w_id}/s", json!({}))).contains("`w_id`"));
        let parts =
            MockResource::collection("/w/{w_id}/p", [json!({"id": 7, "w_id": "a"})]).unwrap();
        assert_eq!(parts.objects[0].id, "7");
        assert_eq!(parts.objects[0].parents, ["a"]);
    }

    #[test]
    fn json_files_name_the_entry_at_fault() {
        let err = |text: &str| MockResource::from_json(text).unwrap_err().to_string();
        assert!(err("{").starts_with("not valid JSON"));
        assert!(err("{}").contains("array"));
        assert!(
            err("[3]").starts_with(
                "resource 0: invalid type: integer `3`, expected an object with `path` and `items` or `singleton`"
            )
        );
        assert!(err(r#"[{"items": []}]"#).contains("`path`"));
        assert!(err(r#"[{"path": "/a"}]"#).contains("exactly one"));
        assert!(err(r#"[{"path": "/a", "items": [], "singleton": {}}]"#).contains("exactly one"));
        assert!(err(r#"[{"path": "/a", "items": {}}]"#).contains("`items`"));
        assert!(err(r#"[{"path": "/a", "items": [], "filters": "x"}]"#).contains("`filters`"));
        assert!(
            err(r#"[{"path": "/a", "items": [], "colour": 1}]"#).contains("unknown field `colour`")
        );
        assert_eq!(
            err(r#"[{"path": "/a", "items": []}, {"path": "/b", "items": [{}]}]"#),
            "resource 1: object 0 of `/b` needs an `id` that is a non-empty string or an integer"
        );
        let ok = MockResource::from_json(
            r#"[{"path": "/a", "items": [{"id": 1}], "filters": ["x"]}, {"path": "/s", "singleton": {}}]"#,
        )
        .unwrap();
        assert_eq!(ok[0].filters, ["x"]);
        assert!(ok[1].singleton);
    }
}
