//! A 2xx body that did not decode.

use std::fmt;

use reqwest::StatusCode;

use super::request::RequestInfo;
use super::text::StatusDisplay;

/// A 2xx body that did not decode into the expected type.
#[derive(Debug, Clone)]
pub struct DecodeError {
    pub(crate) status: StatusCode,
    pub(crate) request: RequestInfo,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) excerpt: String,
    pub(crate) body_len: usize,
}

impl DecodeError {
    /// The HTTP status of the response.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The request whose response failed to decode.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }

    /// The serde path to the failing field, e.g. `[3].created_at`; `.` for the document root.
    #[must_use]
    pub fn field_path(&self) -> &str {
        &self.path
    }

    /// serde's description of the failure.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The start of the body (at most [`EXCERPT_LEN`](crate::EXCERPT_LEN) bytes, lossily
    /// decoded).
    #[must_use]
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode {} response to {} at `{}`: {}; body ({} bytes): {:?}",
            StatusDisplay(self.status),
            self.request,
            super::text::shorten(&self.path),
            super::text::shorten(&self.message),
            self.body_len,
            self.excerpt
        )
    }
}
