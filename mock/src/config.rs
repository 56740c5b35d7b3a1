//! The public settings: server configuration, fault rules, seeded tasks and own resources.

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// The API key a server accepts when no other key is configured.
pub const DEFAULT_API_KEY: &str = "ittybit_mock_key";

/// How task statuses move along `waiting → queued → processing → succeeded` (or `failed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Advance {
    /// Each `GET /tasks/{id}` moves that task one step, each `GET /runs/{id}` the run's tasks.
    #[default]
    PerRead,
    /// A task moves one step each time this duration has elapsed.
    Every(Duration),
    /// Statuses never change.
    Never,
}

/// How long a webhook endpoint has to answer `2xx` before the attempt counts as failed.
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
    /// The wait after failed attempt `attempt` (1-based): doubling, capped at max(1 min, backoff).
    pub(crate) fn delay_after(&self, attempt: u32) -> Duration {
        let factor = 1_u32.checked_shl(attempt.saturating_sub(1));
        let cap = MAX_WEBHOOK_BACKOFF.max(self.backoff);
        self.backoff
            .saturating_mul(factor.unwrap_or(u32::MAX))
            .min(cap)
    }
}

/// Configuration of a [`MockServer`](crate::MockServer) or of [`serve`](crate::serve), built
/// with chained methods from [`MockConfig::default`].
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

/// Declares chained setters: `fn name(config, args…) { change }` takes and returns the config.
macro_rules! chained {
    ($($(#[$doc:meta])* fn $name:ident($it:ident, $($arg:ident: $ty:ty),*) $change:block)*) => {$(
        $(#[$doc])*
        #[must_use]
        pub fn $name(mut self, $($arg: $ty),*) -> Self {
            let $it = &mut self;
            $change
            self
        }
    )*};
}

impl MockConfig {
    chained! {
        /// Sets the server's own API key (always valid, never listed under `GET /keys`).
        fn api_key(config, key: impl Into<String>) { config.api_key = key.into(); }
        /// Delays every response, faulted or not, by `latency`.
        fn latency(config, latency: Duration) { config.latency = latency; }
        /// Adds a fault rule: requests picked by `schedule` answer `fault` and change no state (the
        /// first rule added that picks a request wins).
        fn fault(config, schedule: FaultSchedule, fault: Fault) { config.faults.push((schedule, fault)); }
        /// [`MockConfig::rate_limit`] of `per_second` requests per second.
        fn max_requests_per_second(config, per_second: u32) { config.rate_cap = Some((per_second, Duration::from_secs(1))); }
        /// Caps each API key at `requests` per `per` (a token bucket per key); an authenticated,
        /// unfaulted request over the cap answers `429 rate_limited` with `Retry-After`. `0` or a
        /// zero `per` means no cap.
        fn rate_limit(config, requests: u32, per: Duration) { config.rate_cap = Some((requests, per)); }
        /// Chooses how task statuses advance (default [`Advance::PerRead`]).
        fn advance(config, advance: Advance) { config.advance = advance; }
        /// Adds tasks that exist from the start (no events are recorded).
        fn seed_tasks(config, seeds: impl IntoIterator<Item = TaskSeed>) { config.seeds.extend(seeds); }
        /// Serves a resource of your own beside the API's; a path given twice adds the second
        /// resource's objects to the first.
        fn resource(config, resource: MockResource) { config.resources.push(resource); }
        /// Accepts plain-HTTP webhook endpoint URLs on a loopback host; otherwise they must be HTTPS.
        fn allow_http_webhooks(config, allow: bool) { config.webhooks.allow_http = allow; }
        /// How many times an event is tried on an endpoint, the first attempt included (default 5).
        fn webhook_attempts(config, attempts: u32) { config.webhooks.attempts = attempts.max(1); }
        /// The wait before the second delivery attempt (default 1 s), doubling up to a minute.
        fn webhook_backoff(config, first_delay: Duration) { config.webhooks.backoff = first_delay; }
    }
}

/// The value of a `Retry-After` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAfter {
    /// Delta-seconds form, e.g. `Retry-After: 1`.
    Seconds(u64),
    /// HTTP-date form: the response time plus this duration.
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
    /// `502 Bad Gateway` with an HTML body, as a proxy would send.
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
    /// Requests number k, 2k, 3k, … counting from the server's start (`0`: none).
    Every(u64),
    /// Each request with probability `fraction`, from a generator seeded with `seed`.
    Fraction {
        /// The probability of a fault, from 0 to 1.
        fraction: f64,
        /// The seed of the random generator.
        seed: u64,
    },
}

impl FaultSchedule {
    /// [`FaultSchedule::Every`].
    #[must_use]
    pub fn every(k: u64) -> Self {
        Self::Every(k)
    }

    /// [`FaultSchedule::Fraction`].
    #[must_use]
    pub fn fraction(fraction: f64, seed: u64) -> Self {
        Self::Fraction { fraction, seed }
    }
}

/// A task to insert as it is, with the fields its status implies; unknown kinds and statuses
/// are kept (and never advance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSeed {
    /// The task kind, e.g. `video`.
    pub kind: String,
    /// The task status, e.g. `succeeded`.
    pub status: String,
    /// The run id; `None` for a fresh one that names no stored run.
    pub run_id: Option<String>,
    /// The key that created the task (seen only by the `created_by` filter).
    pub created_by: Option<String>,
}

impl TaskSeed {
    /// A seed of this kind and status.
    #[must_use]
    pub fn new(kind: impl Into<String>, status: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            status: status.into(),
            run_id: None,
            created_by: None,
        }
    }

    /// `n` seeds cycling through kinds `video`, `image`, `audio` and statuses `succeeded`,
    /// `failed`, `processing`, `queued`.
    #[must_use]
    pub fn many(n: usize) -> Vec<Self> {
        let kinds = ["video", "image", "audio"];
        let statuses = ["succeeded", "failed", "processing", "queued"];
        let seed = |i: usize| Self::new(kinds[i % 3], statuses[i % 4]);
        (0..n).map(seed).collect()
    }
}

impl Default for TaskSeed {
    /// A `video` task that has `succeeded`.
    fn default() -> Self {
        Self::new("video", "succeeded")
    }
}

/// A resource of your own for the mock to serve, behind the same authentication, faults and
/// rate cap (a shipped route with the same path wins).
///
/// A collection (`/widgets`, `/widgets/{widget_id}/parts`) answers `GET`/`POST {path}` and
/// `GET`/`DELETE {path}/{id}`, a singleton (`/account`) `GET {path}`. Each placeholder's value
/// is read from the object's field of that name; an unknown object or parent (when the parent
/// is a collection too) is `404 {noun}_not_found`, the noun being the last literal segment
/// without a trailing `s`.
#[derive(Debug, Clone, PartialEq)]
pub struct MockResource {
    pub(crate) path: String,
    pub(crate) template: Template,
    pub(crate) singleton: bool,
    pub(crate) objects: Vec<Object>,
    pub(crate) filters: Vec<String>,
}

/// One object of a resource, checked; serializes to its body.
#[derive(Debug, Clone, Default, PartialEq)]
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

/// A path template segment: text matched exactly, or `{name}`, the value of objects' field `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Param(String),
}

/// Why a resource cannot be served, with the place named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceError {
    message: String,
}

impl ResourceError {
    fn new(message: impl Into<String>) -> Self {
        let message = message.into();
        Self { message }
    }
}

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResourceError {}

impl MockResource {
    /// A collection at `path` holding `objects` (JSON objects with a unique string or integer
    /// `id`), oldest first; created objects get the next integer id when all ids are integers.
    ///
    /// # Errors
    ///
    /// If `path` is not a template ending in a literal segment, or an object is invalid; the
    /// message names which.
    pub fn collection(
        path: &str,
        objects: impl IntoIterator<Item = Value>,
    ) -> Result<Self, ResourceError> {
        let template = Template::parse(path)?;
        if !matches!(template.0.last(), Some(Segment::Literal(_))) {
            let why = "must end with a literal segment, such as `/parts`";
            let message = format!("the collection path `{path}` {why}");
            return Err(ResourceError::new(message));
        }
        let mut seen = HashSet::new();
        let mut checked = Vec::new();
        for (index, object) in objects.into_iter().enumerate() {
            let fail = |why| ResourceError::new(format!("object {index} of `{path}` {why}"));
            let body = as_object(object, &fail)?;
            let id = body.get("id").and_then(display).filter(|id| !id.is_empty());
            let why = "needs an `id` that is a non-empty string or an integer";
            let id = id.ok_or_else(|| fail(why.to_owned()))?;
            if !seen.insert(id.clone()) {
                let why = format!("repeats the id `{id}`; ids are unique within a resource");
                return Err(fail(why));
            }
            let parents = template.parents_of(&body, &fail)?;
            checked.push(Object { id, parents, body });
        }
        Ok(Self::new(path, template, false, checked))
    }

    /// A singleton at `path`: one object (per parent, when the path is nested).
    ///
    /// # Errors
    ///
    /// If `path` is not a template, or `object` is not a JSON object with each placeholder's
    /// field.
    pub fn singleton(path: &str, object: Value) -> Result<Self, ResourceError> {
        let template = Template::parse(path)?;
        let fail = |why| ResourceError::new(format!("the object of `{path}` {why}"));
        let body = as_object(object, &fail)?;
        let parents = template.parents_of(&body, &fail)?;
        let id = singleton_key(&parents);
        let objects = vec![Object { id, parents, body }];
        Ok(Self::new(path, template, true, objects))
    }

    fn new(path: &str, template: Template, singleton: bool, objects: Vec<Object>) -> Self {
        let (path, filters) = (path.to_owned(), Vec::new());
        Self {
            path,
            template,
            singleton,
            objects,
            filters,
        }
    }

    /// Lets the list filter by a top-level field: `?colour=red`.
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

    /// Reads the binary's `--resources` file: a JSON array of
    /// `{"path", "items", "filters"?}` collections and `{"path", "singleton"}` singletons.
    ///
    /// # Errors
    ///
    /// If the text is not of that shape or a resource is invalid; the message names where.
    pub fn from_json(text: &str) -> Result<Vec<Self>, ResourceError> {
        let json: Value = serde_json::from_str(text)
            .map_err(|err| ResourceError::new(format!("not valid JSON: {err}")))?;
        let entries = Vec::<Value>::deserialize(json).map_err(|err| {
            ResourceError::new(format!("expected a JSON array of resources, such as [{{\"path\": \"/widgets\", \"items\": []}}]: {err}"))
        })?;
        let decode = |entry: Value| {
            serde_path_to_error::deserialize(entry).map_err(|err| {
                let (field, inner) = (err.path().to_string(), err.inner().to_string());
                match field.as_str() {
                    "." => inner,
                    _ if inner.contains(&format!("`{field}`")) => inner,
                    _ => format!("`{field}`: {inner}"),
                }
            })
        };
        let build = |entry: Entry| {
            let resource = match (entry.items, entry.singleton) {
                (Some(items), None) => Self::collection(&entry.path, items),
                (None, Some(object)) => Self::singleton(&entry.path, object),
                _ => Err(ResourceError::new(
                    "needs exactly one of `items` (a collection) and `singleton`",
                )),
            };
            let resource = resource.map_err(|err| err.message)?;
            Ok(entry.filters.into_iter().fold(resource, Self::filter))
        };
        let at = |index| move |why: String| ResourceError::new(format!("resource {index}: {why}"));
        let entries = entries.into_iter().enumerate();
        let entries: Vec<_> =
            (entries.map(|(i, json)| decode(json).map_err(at(i)))).collect::<Result<_, _>>()?;
        let entries = entries.into_iter().enumerate();
        let resources = entries.map(|(i, entry)| build(entry).map_err(at(i)));
        resources.collect()
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
        let bad = |why: String| ResourceError::new(format!("the path `{path}` {why}"));
        let Some(rest) = path.strip_prefix('/') else {
            return Err(bad("must start with `/`".into()));
        };
        if path.contains(['?', '#', '\\']) || path.contains(char::is_whitespace) {
            let why = "may not hold a query, a fragment, a backslash or whitespace";
            return Err(bad(why.into()));
        }
        let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let mut names = HashSet::new();
        let segments = rest.split('/').map(|segment| {
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                _ if matches!(segment, "" | "." | "..") => {
                    Err("has an empty, `.` or `..` segment".to_owned())
                }
                Some(name)
                    if !name.starts_with(|c: char| ident(c) && !c.is_ascii_digit())
                        || !name.chars().all(ident) =>
                {
                    Err(format!(
                        "has a placeholder `{segment}` whose name is not an identifier"
                    ))
                }
                Some(name) if !names.insert(name) => {
                    Err(format!("names the placeholder `{segment}` twice"))
                }
                Some(name) => Ok(Segment::Param(name.to_owned())),
                None if segment.contains(['{', '}']) => Err(format!(
                    "has a segment `{segment}` that is neither text nor a whole `{{placeholder}}`"
                )),
                None => Ok(Segment::Literal(segment.to_owned())),
            }
        });
        segments.collect::<Result<_, _>>().map(Self).map_err(bad)
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
        fail: &impl Fn(String) -> ResourceError,
    ) -> Result<Vec<String>, ResourceError> {
        let parent = |name| {
            let why = format!(
                "needs a field `{name}` (a string or an integer) for the path's `{{{name}}}`"
            );
            body.get(name).and_then(display).ok_or_else(|| fail(why))
        };
        self.params().map(parent).collect()
    }

    /// The name in messages and error kinds: the last literal, singular (`/a/{a_id}/bs` → `b`).
    pub(crate) fn noun(&self) -> String {
        let mut literals = self.0.iter().rev().filter_map(|segment| match segment {
            Segment::Literal(text) => Some(text.as_str()),
            Segment::Param(_) => None,
        });
        let last = literals.next().unwrap_or("resource");
        let singular = last.strip_suffix('s').filter(|s| !s.is_empty());
        let singular = singular.unwrap_or(last).to_ascii_lowercase();
        singular.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    }
}

/// A JSON object, or an error naming the place.
fn as_object(
    value: Value,
    fail: &impl Fn(String) -> ResourceError,
) -> Result<Map<String, Value>, ResourceError> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(fail(format!("must be a JSON object, not `{other}`"))),
    }
}

/// A singleton's key: its parents with their lengths, so no two lists of parents share one.
pub(crate) fn singleton_key(parents: &[String]) -> String {
    let parts = parents.iter().map(|p| format!("{}:{p};", p.len()));
    parts.collect::<Vec<_>>().concat()
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
