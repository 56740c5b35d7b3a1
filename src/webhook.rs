//! Receiving webhooks: the events the API `POST`s to your [`WebhookEndpoint`]s.
//!
//! Each event is a `POST` of the event object (`id`, `object`, `kind`, `data`, `created_at`),
//! retried unless answered `2xx` within five seconds. Decode the raw body with [`from_slice`]
//! into the [`Event`] that `Event::get` returns, its `data` decoded by kind:
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
//! # Checking the sender
//!
//! The API documents no signature yet, so nothing proves a request came from Ittybit. Keep the
//! endpoint URL secret, or check a token of your own in constant time before decoding:
//!
//! ```
//! use ittybit::http::{StatusCode, header::HeaderMap};
//!
//! fn same(a: &[u8], b: &[u8]) -> bool {
//!     a.len() == b.len() && a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
//! }
//!
//! fn handle(headers: &HeaderMap, body: &[u8]) -> StatusCode {
//!     match headers.get("x-hook-token") {
//!         Some(token) if same(token.as_bytes(), b"s3cret") => {}
//!         _ => return StatusCode::UNAUTHORIZED,
//!     }
//!     match ittybit::webhook::from_slice(body) {
//!         Ok(event) => StatusCode::NO_CONTENT, // handle `event`
//!         Err(err) => err.status(),
//!     }
//! }
//! assert_eq!(handle(&HeaderMap::new(), b"{}"), StatusCode::UNAUTHORIZED);
//! ```
//!
//! [`WebhookEndpoint`]: crate::WebhookEndpoint

use std::fmt;

use crate::Event;
use crate::http::StatusCode;

/// The largest body [`from_slice`] accepts: 1 MiB (a snapshot is a few KiB). Also cap what your
/// web framework reads: this check only sees bodies already in memory.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Decodes a webhook request body into an [`Event`].
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
/// [`WebhookError::TooLarge`] over [`BODY_LIMIT`], [`WebhookError::Decode`] when the body is
/// not an event or the snapshot of a known kind is not a task or run.
pub fn from_slice(body: &[u8]) -> Result<Event, WebhookError> {
    if body.len() > BODY_LIMIT {
        return Err(WebhookError::TooLarge {
            len: body.len(),
            limit: BODY_LIMIT,
        });
    }
    serde_json::from_slice(body).map_err(|error| WebhookError::Decode {
        path: crate::__private::field_path(body, &error),
        message: error.to_string(),
    })
}

/// Why a webhook body is not an [`Event`]; [`status`](Self::status) suggests what to answer.
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
    /// The body is longer than [`BODY_LIMIT`].
    TooLarge {
        /// The body's length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not an event, or the snapshot of a known kind is not a task or run.
    Decode {
        /// Where decoding stopped, e.g. `created_at` or `data.status`; `.` for the whole body.
        path: String,
        /// What was wrong there.
        message: String,
    },
}

impl WebhookError {
    /// The status to answer the sender with: `413` for [`TooLarge`](Self::TooLarge), `400`
    /// for [`Decode`](Self::Decode). Any non-`2xx` answer makes the API try again later.
    ///
    /// ```
    /// assert_eq!(ittybit::webhook::from_slice(b"").unwrap_err().status().as_u16(), 400);
    /// ```
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
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
            Self::Decode { path, message } => {
                write!(f, "webhook body is not an event: at `{path}`: {message}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

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
