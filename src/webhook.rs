//! Receiving webhooks: the events the API `POST`s to your [`WebhookEndpoint`]s, decoded into
//! typed payloads.
//!
//! The API sends each event as a `POST` whose body is the event object (`id`, `object`,
//! `kind`, `data`, `created_at`) and expects a `2xx` answer within five seconds; it retries
//! otherwise. Decode the raw body with [`WebhookEvent::from_slice`], or with a
//! [`WebhookReceiver`] to set the body size limit and check the request first:
//!
//! ```
//! use ittybit::webhook::{WebhookEvent, WebhookPayload};
//!
//! let body = br#"{"id":"evt_1","object":"event","kind":"task.succeeded","created_at":1735689886,
//!     "data":{"id":"task_1","object":"task","kind":"video","status":"succeeded","created_at":1735689825}}"#;
//! let event = WebhookEvent::from_slice(body)?;
//! match &event.payload {
//!     WebhookPayload::TaskSucceeded(task) => println!("{} is done", task.id),
//!     WebhookPayload::Other { kind, .. } => println!("an event this version does not know: {kind}"),
//!     other => println!("{}", other.kind()),
//! }
//! # Ok::<(), ittybit::webhook::WebhookError>(())
//! ```
//!
//! # Signatures
//!
//! The API documents no signature scheme yet, so nothing here can prove that a request came
//! from Ittybit. Keep the endpoint URL secret (for example, put a long random token in its
//! path). When a scheme is published, check it with a [`Verifier`]: it sees the headers and the
//! exact raw body before anything is decoded, and a refusal is a
//! [`WebhookError::Rejected`].
//!
//! [`WebhookEndpoint`]: crate::WebhookEndpoint

use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::header::HeaderMap;
use crate::{EventKind, JsonObject, Run, StatusCode, Task};

/// The largest body [`WebhookEvent::from_slice`] and a default [`WebhookReceiver`] accept:
/// 1 MiB, far above any event (a task or run snapshot is a few kilobytes).
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// One event delivered to a webhook endpoint: the envelope fields and the typed payload.
///
/// ```
/// use ittybit::EventKind;
/// use ittybit::webhook::WebhookEvent;
///
/// let event = WebhookEvent::from_slice(
///     br#"{"id":"evt_1","object":"event","kind":"run.created","created_at":1,
///          "data":{"id":"run_1","status":"queued","created_at":1}}"#,
/// )?;
/// assert_eq!(event.id, "evt_1");
/// assert_eq!(event.kind(), EventKind::RunCreated);
/// assert_eq!(event.payload.run().map(|run| run.id.as_str()), Some("run_1"));
/// # Ok::<(), ittybit::webhook::WebhookError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    /// The event id (`evt_…`); the same event delivered twice has the same id.
    pub id: String,
    /// Always `"event"`.
    pub object: String,
    /// When it happened (Unix seconds).
    pub created_at: i64,
    /// What happened, with the snapshot of the task or run.
    pub payload: WebhookPayload,
    /// Envelope fields this version does not know, kept verbatim.
    pub extra: JsonObject,
}

/// What an event reports: one variant per documented event kind, each with the snapshot of
/// the task or run, and [`WebhookPayload::Other`] for kinds this version does not know.
///
/// ```
/// use ittybit::EventKind;
/// use ittybit::webhook::WebhookPayload;
///
/// let payload = WebhookPayload::Other { kind: "file.created".into(), data: serde_json::json!({}) };
/// assert_eq!(payload.kind(), EventKind::Other("file.created".into()));
/// assert!(payload.task().is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebhookPayload {
    /// `task.created`.
    TaskCreated(Box<Task>),
    /// `task.updated`.
    TaskUpdated(Box<Task>),
    /// `task.succeeded`.
    TaskSucceeded(Box<Task>),
    /// `task.failed`.
    TaskFailed(Box<Task>),
    /// `run.created`.
    RunCreated(Box<Run>),
    /// `run.updated`.
    RunUpdated(Box<Run>),
    /// `run.succeeded`.
    RunSucceeded(Box<Run>),
    /// `run.failed`.
    RunFailed(Box<Run>),
    /// A kind this version does not know, kept verbatim.
    Other {
        /// The kind as the API spells it.
        kind: String,
        /// The event's `data`, undecoded.
        data: Value,
    },
}

impl WebhookEvent {
    /// Decodes a webhook request body with the [`DEFAULT_BODY_LIMIT`] and no [`Verifier`];
    /// the same as `WebhookReceiver::new().receive(&HeaderMap::new(), body)`.
    ///
    /// ```
    /// use ittybit::webhook::WebhookEvent;
    ///
    /// let err = WebhookEvent::from_slice(br#"{"id":"evt_1","kind":"task.created","created_at":1,"data":{"id":7}}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "webhook body is not an event: at `data.id`: invalid type: integer `7`, expected a string");
    /// ```
    ///
    /// # Errors
    ///
    /// [`WebhookError::TooLarge`] over the limit, [`WebhookError::Decode`] when the body is not
    /// an event or the snapshot of a known kind is not a task or run.
    pub fn from_slice(body: &[u8]) -> Result<Self, WebhookError> {
        WebhookReceiver::new().receive(&HeaderMap::new(), body)
    }

    /// The event's kind.
    ///
    /// ```
    /// # use ittybit::webhook::WebhookEvent;
    /// let event = WebhookEvent::from_slice(br#"{"id":"evt_1","kind":"file.created","created_at":1,"data":null}"#)?;
    /// assert_eq!(event.kind().as_str(), "file.created");
    /// # Ok::<(), ittybit::webhook::WebhookError>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> EventKind {
        self.payload.kind()
    }
}

impl WebhookPayload {
    /// The event kind this payload belongs to.
    ///
    /// ```
    /// # use ittybit::{EventKind, webhook::WebhookPayload};
    /// let payload = WebhookPayload::Other { kind: "run.paused".into(), data: serde_json::Value::Null };
    /// assert_eq!(payload.kind().as_str(), "run.paused");
    /// ```
    #[must_use]
    pub fn kind(&self) -> EventKind {
        match self {
            Self::TaskCreated(_) => EventKind::TaskCreated,
            Self::TaskUpdated(_) => EventKind::TaskUpdated,
            Self::TaskSucceeded(_) => EventKind::TaskSucceeded,
            Self::TaskFailed(_) => EventKind::TaskFailed,
            Self::RunCreated(_) => EventKind::RunCreated,
            Self::RunUpdated(_) => EventKind::RunUpdated,
            Self::RunSucceeded(_) => EventKind::RunSucceeded,
            Self::RunFailed(_) => EventKind::RunFailed,
            Self::Other { kind, .. } => EventKind::from(kind.as_str()),
        }
    }

    /// The task snapshot of a `task.*` event.
    ///
    /// ```
    /// # use ittybit::webhook::WebhookEvent;
    /// let event = WebhookEvent::from_slice(
    ///     br#"{"id":"evt_1","kind":"task.failed","created_at":1,"data":{"id":"task_1","kind":"video","status":"failed","created_at":1}}"#,
    /// )?;
    /// assert_eq!(event.payload.task().map(|task| task.id.as_str()), Some("task_1"));
    /// assert!(event.payload.run().is_none());
    /// # Ok::<(), ittybit::webhook::WebhookError>(())
    /// ```
    #[must_use]
    pub fn task(&self) -> Option<&Task> {
        match self {
            Self::TaskCreated(task)
            | Self::TaskUpdated(task)
            | Self::TaskSucceeded(task)
            | Self::TaskFailed(task) => Some(task),
            _ => None,
        }
    }

    /// The run snapshot of a `run.*` event.
    ///
    /// ```
    /// # use ittybit::webhook::WebhookEvent;
    /// let event = WebhookEvent::from_slice(
    ///     br#"{"id":"evt_1","kind":"run.succeeded","created_at":1,"data":{"id":"run_1","status":"succeeded","created_at":1}}"#,
    /// )?;
    /// assert_eq!(event.payload.run().map(|run| run.id.as_str()), Some("run_1"));
    /// # Ok::<(), ittybit::webhook::WebhookError>(())
    /// ```
    #[must_use]
    pub fn run(&self) -> Option<&Run> {
        match self {
            Self::RunCreated(run)
            | Self::RunUpdated(run)
            | Self::RunSucceeded(run)
            | Self::RunFailed(run) => Some(run),
            _ => None,
        }
    }
}

/// A check of a webhook request before its body is decoded: the hook for a signature scheme.
/// The API documents none yet.
///
/// Any `Fn(&HeaderMap, &[u8]) -> Result<(), String>` is a verifier; the `Err` text says why the
/// request was refused and becomes [`WebhookError::Rejected`].
///
/// ```
/// use ittybit::header::HeaderMap;
/// use ittybit::webhook::{WebhookError, WebhookReceiver};
///
/// // A shared token in a header of your choosing (a stand-in until a scheme is documented).
/// let receiver = WebhookReceiver::new().verifier(|headers: &HeaderMap, _body: &[u8]| {
///     match headers.get("x-hook-token") {
///         Some(token) if token == "s3cret" => Ok(()),
///         _ => Err("missing or wrong x-hook-token".to_owned()),
///     }
/// });
/// let err = receiver.receive(&HeaderMap::new(), b"{}").unwrap_err();
/// assert!(matches!(err, WebhookError::Rejected { .. }));
/// ```
pub trait Verifier: Send + Sync {
    /// Accepts or refuses a request, given its headers and exact raw body.
    ///
    /// # Errors
    ///
    /// Why the request is refused.
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), String>;
}

impl<F> Verifier for F
where
    F: Fn(&HeaderMap, &[u8]) -> Result<(), String> + Send + Sync,
{
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), String> {
        self(headers, body)
    }
}

/// Decodes webhook requests: checks the body size, runs the [`Verifier`] if one is set, then
/// decodes the event. Cheap to clone and shareable between threads, e.g. as a web framework's
/// state.
///
/// ```
/// use ittybit::header::HeaderMap;
/// use ittybit::webhook::{WebhookError, WebhookReceiver};
///
/// let receiver = WebhookReceiver::new().body_limit(64);
/// let err = receiver.receive(&HeaderMap::new(), &[b' '; 65]).unwrap_err();
/// assert!(matches!(err, WebhookError::TooLarge { len: 65, limit: 64 }));
/// assert_eq!(err.status().as_u16(), 413);
/// ```
#[derive(Clone)]
pub struct WebhookReceiver {
    limit: usize,
    verifier: Option<Arc<dyn Verifier>>,
}

impl Default for WebhookReceiver {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for WebhookReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookReceiver")
            .field("limit", &self.limit)
            .field("verifier", &self.verifier.as_ref().map(|_| "set"))
            .finish()
    }
}

impl WebhookReceiver {
    /// A receiver with the [`DEFAULT_BODY_LIMIT`] and no verifier.
    ///
    /// ```
    /// # use ittybit::webhook::WebhookReceiver;
    /// let receiver = WebhookReceiver::new();
    /// # let _ = receiver;
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            limit: DEFAULT_BODY_LIMIT,
            verifier: None,
        }
    }

    /// Refuses bodies longer than `bytes` before verifying or decoding them. Also cap what
    /// your web framework reads: this check only sees bodies already in memory.
    ///
    /// ```
    /// # use ittybit::webhook::WebhookReceiver;
    /// let receiver = WebhookReceiver::new().body_limit(256 * 1024);
    /// # let _ = receiver;
    /// ```
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.limit = bytes;
        self
    }

    /// Checks every request with `verifier` before decoding it; see [`Verifier`].
    ///
    /// ```
    /// # use ittybit::{header::HeaderMap, webhook::WebhookReceiver};
    /// let receiver = WebhookReceiver::new().verifier(|_: &HeaderMap, body: &[u8]| {
    ///     if body.starts_with(b"{") { Ok(()) } else { Err("not a JSON object".to_owned()) }
    /// });
    /// # let _ = receiver;
    /// ```
    #[must_use]
    pub fn verifier(mut self, verifier: impl Verifier + 'static) -> Self {
        self.verifier = Some(Arc::new(verifier));
        self
    }

    /// Checks and decodes one webhook request from its headers and raw body.
    ///
    /// ```
    /// # use ittybit::{header::HeaderMap, webhook::WebhookReceiver};
    /// let event = WebhookReceiver::new().receive(
    ///     &HeaderMap::new(),
    ///     br#"{"id":"evt_1","kind":"run.failed","created_at":1,"data":{"id":"run_1","status":"failed","created_at":1}}"#,
    /// )?;
    /// assert_eq!(event.kind().as_str(), "run.failed");
    /// # Ok::<(), ittybit::webhook::WebhookError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`WebhookError::TooLarge`] over the body limit, [`WebhookError::Rejected`] when the
    /// verifier refuses the request, [`WebhookError::Decode`] when the body is not an event.
    pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<WebhookEvent, WebhookError> {
        if body.len() > self.limit {
            return Err(WebhookError::TooLarge {
                len: body.len(),
                limit: self.limit,
            });
        }
        if let Some(verifier) = &self.verifier {
            verifier
                .verify(headers, body)
                .map_err(|reason| WebhookError::Rejected { reason })?;
        }
        decode(body)
    }
}

/// Why a webhook request was not turned into a [`WebhookEvent`].
///
/// [`status`](Self::status) suggests what to answer the sender.
///
/// ```
/// use ittybit::webhook::{WebhookError, WebhookEvent};
///
/// match WebhookEvent::from_slice(b"[]") {
///     Err(WebhookError::Decode { path, .. }) => assert_eq!(path, "."),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is longer than the receiver's limit.
    TooLarge {
        /// The body's length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The [`Verifier`] refused the request.
    Rejected {
        /// The verifier's reason.
        reason: String,
    },
    /// The body is not an event, or the snapshot of a known kind is not a task or run.
    Decode {
        /// Where decoding failed, e.g. `created_at` or `data.status`; `.` for the whole body,
        /// and `?` for a key that was never read (a body cut off after a field).
        path: String,
        /// What was wrong there.
        message: String,
    },
}

impl WebhookError {
    /// The status to answer the sender with: `413` for [`TooLarge`](Self::TooLarge), `401`
    /// for [`Rejected`](Self::Rejected), `400` for [`Decode`](Self::Decode). Any non-`2xx`
    /// answer makes the API try again later.
    ///
    /// ```
    /// # use ittybit::webhook::WebhookEvent;
    /// assert_eq!(WebhookEvent::from_slice(b"").unwrap_err().status().as_u16(), 400);
    /// ```
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Rejected { .. } => StatusCode::UNAUTHORIZED,
            Self::Decode { .. } => StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { len, limit } => write!(
                f,
                "webhook body of {len} bytes is over the limit of {limit} bytes"
            ),
            Self::Rejected { reason } => write!(f, "webhook request refused: {reason}"),
            Self::Decode { path, message } => {
                write!(f, "webhook body is not an event: at `{path}`: {message}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// The event object as sent, before its `data` is decoded by kind.
#[derive(Deserialize)]
struct Envelope {
    id: String,
    #[serde(default)]
    object: String,
    kind: String,
    #[serde(default)]
    data: Value,
    created_at: i64,
    #[serde(flatten)]
    extra: JsonObject,
}

/// Decodes an event body: the envelope, then `data` as the snapshot its kind names.
fn decode(body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let envelope: Envelope = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|err| decode_error("", &err.path().to_string(), err.inner()))?;
    // Whatever follows the object (other than whitespace) makes the body something else.
    deserializer
        .end()
        .map_err(|err| decode_error("", ".", &err))?;
    let Envelope {
        id,
        object,
        kind,
        data,
        created_at,
        extra,
    } = envelope;
    let payload = match EventKind::from(kind.as_str()) {
        EventKind::TaskCreated => WebhookPayload::TaskCreated(snapshot(data)?),
        EventKind::TaskUpdated => WebhookPayload::TaskUpdated(snapshot(data)?),
        EventKind::TaskSucceeded => WebhookPayload::TaskSucceeded(snapshot(data)?),
        EventKind::TaskFailed => WebhookPayload::TaskFailed(snapshot(data)?),
        EventKind::RunCreated => WebhookPayload::RunCreated(snapshot(data)?),
        EventKind::RunUpdated => WebhookPayload::RunUpdated(snapshot(data)?),
        EventKind::RunSucceeded => WebhookPayload::RunSucceeded(snapshot(data)?),
        EventKind::RunFailed => WebhookPayload::RunFailed(snapshot(data)?),
        EventKind::Other(_) => WebhookPayload::Other { kind, data },
    };
    Ok(WebhookEvent {
        id,
        object,
        created_at,
        payload,
        extra,
    })
}

/// Decodes an event's `data` as a task or run, naming the failing field under `data`.
fn snapshot<T: DeserializeOwned>(data: Value) -> Result<Box<T>, WebhookError> {
    serde_path_to_error::deserialize(data)
        .map(Box::new)
        .map_err(|err| decode_error("data", &err.path().to_string(), err.inner()))
}

/// A decode error at `inner` (a serde path, `.` for the root) below `prefix`.
fn decode_error(prefix: &str, inner: &str, error: &serde_json::Error) -> WebhookError {
    let path = match (prefix.is_empty(), inner == ".") {
        (true, _) => inner.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if inner.starts_with('[') => format!("{prefix}{inner}"),
        (false, false) => format!("{prefix}.{inner}"),
    };
    WebhookError::Decode {
        path,
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_data_are_joined() {
        let err = WebhookEvent::from_slice(
            br#"{"id":"evt_1","kind":"run.updated","created_at":1,
                "data":{"id":"run_1","status":"queued","created_at":1,"tasks":[{"id":"t","kind":"video","status":5}]}}"#,
        )
        .unwrap_err();
        let WebhookError::Decode { path, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(path, "data.tasks[0].status");
        let err =
            WebhookEvent::from_slice(br#"{"id":"evt_1","kind":"run.updated","created_at":1}"#)
                .unwrap_err();
        assert!(
            matches!(&err, WebhookError::Decode { path, .. } if path == "data"),
            "{err:?}"
        );
    }
}
