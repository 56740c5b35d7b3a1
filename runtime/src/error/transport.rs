//! Failures below HTTP, and bodies too large to read.

use std::fmt;

use reqwest::StatusCode;

use super::request::RequestInfo;
use super::text::StatusDisplay;

/// The request did not complete at the transport level.
#[derive(Debug)]
pub struct TransportError {
    pub(crate) request: RequestInfo,
    pub(crate) attempts: u32,
    pub(crate) source: reqwest::Error,
}

impl TransportError {
    /// The request that failed.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }

    /// How many attempts were made before giving up.
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the failure was a timeout of one attempt (see
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether the connection could not be established.
    #[must_use]
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_timeout() {
            "timed out (the timeout of one attempt)"
        } else if self.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        write!(f, "{} {what}", self.request)?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        // The chain is printed without the URL: it may carry query values.
        let mut source: Option<&dyn std::error::Error> = Some(&self.source);
        while let Some(err) = source {
            write!(f, ": {err}")?;
            source = err.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// A response body longer than the client reads (see
/// [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)). The rest of the body
/// was not read and the connection was dropped; the request is not retried.
#[derive(Debug, Clone)]
pub struct BodyTooLargeError {
    pub(crate) request: RequestInfo,
    pub(crate) status: StatusCode,
    pub(crate) limit: usize,
    pub(crate) declared: Option<u64>,
}

impl BodyTooLargeError {
    /// The request whose response was too large.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }

    /// The response's status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The limit, in bytes.
    #[must_use]
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The size the response announced in `Content-Length`, when it did.
    #[must_use]
    pub fn declared(&self) -> Option<u64> {
        self.declared
    }
}

impl fmt::Display for BodyTooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} answered {} with a body over the limit of {} bytes",
            self.request,
            StatusDisplay(self.status),
            self.limit
        )?;
        if let Some(declared) = self.declared {
            write!(f, " (Content-Length: {declared})")?;
        }
        write!(f, "; see ClientBuilder::max_body_size")
    }
}
