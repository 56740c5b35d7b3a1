//! Receiving webhooks: the events the API `POST`s to your [`WebhookEndpoint`]s.
//!
//! The API sends each event as a `POST` whose body is the event object (`id`, `object`,
//! `kind`, `data`, `created_at`) and expects a `2xx` answer within five seconds; it retries
//! otherwise. The body is an [`Event`], the same type `Event::get` returns, with its `data`
//! decoded by kind. Decode the raw body with [`from_slice`], or with a [`WebhookReceiver`] to
//! set the body size limit and check the request first:
//!
//! ```
//! use ittybit::EventData;
//!
//! let body = br#"{"id":"evt_1","object":"event","kind":"task.succeeded","created_at":1735689886,
//!     "data":{"id":"task_1","object":"task","kind":"video","status":"succeeded","created_at":1735689825}}"#;
//! let event = ittybit::webhook::from_slice(body)?;
//! match &event.data {
//!     EventData::Task(task) => println!("{} is {}", task.id, task.status),
//!     EventData::Run(run) => println!("run {} is {}", run.id, run.status),
//!     other => println!("an event this version does not know: {} {other:?}", event.kind),
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

use crate::Event;
use crate::http::StatusCode;
use crate::http::header::HeaderMap;

/// The largest body [`from_slice`] and a default [`WebhookReceiver`] accept:
/// 1 MiB, far above any event (a task or run snapshot is a few kilobytes).
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Decodes a webhook request body with the [`DEFAULT_BODY_LIMIT`] and no [`Verifier`]; the
/// same as `WebhookReceiver::new().receive(&HeaderMap::new(), body)`.
///
/// ```
/// let err = ittybit::webhook::from_slice(br#"{"id":"evt_1","kind":"task.created","created_at":1,"data":{"id":7}}"#)
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "webhook body is not an event: at `data.id`: invalid type: integer `7`, expected a string at line 1 column 65",
/// );
/// ```
///
/// # Errors
///
/// [`WebhookError::TooLarge`] over the limit, [`WebhookError::Decode`] when the body is not
/// an event or the snapshot of a known kind is not a task or run.
pub fn from_slice(body: &[u8]) -> Result<Event, WebhookError> {
    WebhookReceiver::new().receive(&HeaderMap::new(), body)
}

/// A check of a webhook request before its body is decoded: the hook for a signature scheme.
/// The API documents none yet.
///
/// Any `Fn(&HeaderMap, &[u8]) -> Result<(), String>` is a verifier; the `Err` text says why the
/// request was refused and becomes [`WebhookError::Rejected`].
///
/// ```
/// use ittybit::http::header::HeaderMap;
/// use ittybit::webhook::{WebhookError, WebhookReceiver};
///
/// // A shared token in a header of your choosing (a stand-in until a scheme is documented),
/// // compared in constant time so that the time taken does not tell how much of it matched.
/// fn same(a: &[u8], b: &[u8]) -> bool {
///     a.len() == b.len() && a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
/// }
/// let receiver = WebhookReceiver::new().verifier(|headers: &HeaderMap, _body: &[u8]| {
///     match headers.get("x-hook-token") {
///         Some(token) if same(token.as_bytes(), b"s3cret") => Ok(()),
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
/// use ittybit::http::header::HeaderMap;
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
    /// # use ittybit::http::header::HeaderMap;
    /// # use ittybit::webhook::WebhookReceiver;
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
    /// # use ittybit::http::header::HeaderMap;
    /// # use ittybit::webhook::WebhookReceiver;
    /// let event = WebhookReceiver::new().receive(
    ///     &HeaderMap::new(),
    ///     br#"{"id":"evt_1","kind":"run.failed","created_at":1,"data":{"id":"run_1","status":"failed","created_at":1}}"#,
    /// )?;
    /// assert_eq!(event.kind.as_str(), "run.failed");
    /// # Ok::<(), ittybit::webhook::WebhookError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`WebhookError::TooLarge`] over the body limit, [`WebhookError::Rejected`] when the
    /// verifier refuses the request, [`WebhookError::Decode`] when the body is not an event.
    pub fn receive(&self, headers: &HeaderMap, body: &[u8]) -> Result<Event, WebhookError> {
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

/// Why a webhook request was not turned into an [`Event`].
///
/// [`status`](Self::status) suggests what to answer the sender.
///
/// ```
/// use ittybit::webhook::{self, WebhookError};
///
/// match webhook::from_slice(b"[]") {
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
    /// assert_eq!(ittybit::webhook::from_slice(b"").unwrap_err().status().as_u16(), 400);
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

/// Decodes an event body, naming the failing field.
fn decode(body: &[u8]) -> Result<Event, WebhookError> {
    serde_json::from_slice(body).map_err(|error| WebhookError::Decode {
        path: crate::__private::field_path(body, &error),
        message: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_data_are_joined() {
        let err = from_slice(
            br#"{"id":"evt_1","kind":"run.updated","created_at":1,
                "data":{"id":"run_1","status":"queued","created_at":1,"tasks":[{"id":"t","kind":"video","status":5}]}}"#,
        )
        .unwrap_err();
        let WebhookError::Decode { path, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(path, "data.tasks[0].status");
        let err = from_slice(br#"{"id":"evt_1","kind":"run.updated","created_at":1}"#).unwrap_err();
        assert!(
            matches!(&err, WebhookError::Decode { message, .. } if message.starts_with("missing field `data`")),
            "{err:?}"
        );
    }
}
