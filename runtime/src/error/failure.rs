//! Failures other than an error status: transport, bodies too large or undecodable, budgets,
//! limiters and list walks.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use super::text::{Seconds, StatusDisplay, shorten};
use super::{Error, RequestInfo};
use crate::client::getters;

fn write_chain(
    f: &mut fmt::Formatter<'_>,
    mut source: Option<&dyn std::error::Error>,
) -> fmt::Result {
    while let Some(err) = source {
        write!(f, ": {err}")?;
        source = err.source();
    }
    Ok(())
}

/// The request did not complete at the transport level.
#[derive(Debug)]
pub struct TransportError {
    pub(crate) request: RequestInfo,
    pub(crate) attempts: u32,
    pub(crate) source: reqwest::Error,
}

impl TransportError {
    getters! {
        /// The request that failed.
        request(&self) -> &RequestInfo = &self.request;
        /// How many attempts were made before giving up.
        attempts(&self) -> u32 = self.attempts;
        /// Whether one attempt timed out ([`crate::ClientBuilder::timeout`]).
        is_timeout(&self) -> bool = self.source.is_timeout();
        /// Whether the connection could not be established.
        is_connect(&self) -> bool = self.source.is_connect();
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
        write_chain(f, Some(&self.source))
    }
}

impl std::error::Error for TransportError {}

/// A body over [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size): the rest
/// was not read, the connection was dropped, and the request is not retried.
#[derive(Debug, Clone)]
pub struct BodyTooLargeError {
    pub(crate) request: RequestInfo,
    pub(crate) status: StatusCode,
    pub(crate) limit: usize,
    pub(crate) declared: Option<u64>,
}

impl BodyTooLargeError {
    getters! {
        /// The request whose response was too large.
        request(&self) -> &RequestInfo = &self.request;
        /// The response's status.
        status(&self) -> StatusCode = self.status;
        /// The limit, in bytes.
        limit(&self) -> usize = self.limit;
        /// The size the response announced in `Content-Length`, when it did.
        declared(&self) -> Option<u64> = self.declared;
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
    /// Keeps nothing of a body holding a secret: no excerpt, serde's message without values.
    pub(crate) fn conceal(&mut self) {
        self.excerpt.clear();
        self.message = without_values(&self.message);
    }

    getters! {
        /// The HTTP status of the response.
        status(&self) -> StatusCode = self.status;
        /// The request whose response failed to decode.
        request(&self) -> &RequestInfo = &self.request;
        /// The serde path to the failing field, e.g. `[3].created_at`; `.` for the document root.
        field_path(&self) -> &str = &self.path;
        /// serde's description of the failure.
        message(&self) -> &str = &self.message;
        /// The body's first [`EXCERPT_LEN`](super::EXCERPT_LEN) bytes (lossy), values of keys
        /// named like credentials (`secret`, `token`, `password`, `api_key`) redacted; empty for
        /// a response carrying a secret ([`Call::sensitive`](crate::Call::sensitive)).
        excerpt(&self) -> &str = &self.excerpt;
    }
}

/// serde's message without the values it quotes (``invalid type: string "…"``,
/// ``invalid value: integer `…` ``): each quoted part reads `<redacted>`.
pub(crate) fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let (before, quoted) = rest.split_at(open);
        out.push_str(before);
        let mut chars = quoted.char_indices();
        let quote = chars.next().map_or('"', |(_, quote)| quote);
        let mut escaped = false;
        let close = chars.find(|&(_, c)| {
            let closes = c == quote && !escaped;
            escaped = quote == '"' && c == '\\' && !escaped;
            closes
        });
        out.push_str("<redacted>");
        rest = close.map_or("", |(at, c)| quoted.get(at + c.len_utf8()..).unwrap_or(""));
    }
    out.push_str(rest);
    out
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode {} response to {} at `{}`: {}; body ({} bytes)",
            StatusDisplay(self.status),
            self.request,
            shorten(&self.path),
            shorten(&self.message),
            self.body_len,
        )?;
        if self.excerpt.is_empty() && self.body_len > 0 {
            f.write_str(" not shown: it holds a secret")
        } else {
            write!(f, ": {:?}", self.excerpt)
        }
    }
}

/// Which time budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Budget {
    /// One call's, every attempt and retry sleep ([`crate::ClientBuilder::call_timeout`],
    /// [`crate::Call::timeout`]).
    Call,
    /// A wait's for a resource to finish ([`crate::wait::WaitOptions::deadline`]).
    Wait,
}

/// A time budget ran out before the call or the wait finished.
#[derive(Debug)]
pub struct DeadlineError {
    pub(crate) budget: Budget,
    pub(crate) limit: Duration,
    pub(crate) waited: Duration,
    pub(crate) request: RequestInfo,
    pub(crate) attempts: u32,
    pub(crate) last_status: Option<String>,
    pub(crate) last_error: Option<Error>,
}

impl DeadlineError {
    getters! {
        /// Which budget ran out.
        budget(&self) -> Budget = self.budget;
        /// The budget's length.
        limit(&self) -> Duration = self.limit;
        /// The request being made (for a wait, the `GET` that polls).
        request(&self) -> &RequestInfo = &self.request;
        /// How long the call or the wait lasted.
        waited(&self) -> Duration = self.waited;
        /// Requests sent: the attempts of a call, or the polls of a wait.
        attempts(&self) -> u32 = self.attempts;
        /// For a wait, the last status seen, if any read succeeded.
        last_status(&self) -> Option<&str> = self.last_status.as_deref();
        /// The failure of the last attempt, when one failed before the budget ran out.
        last_error(&self) -> Option<&Error> = self.last_error.as_ref();
    }
}

impl fmt::Display for DeadlineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.budget {
            Budget::Wait => write!(
                f,
                "{} did not finish within the wait deadline of {} (waited {})",
                shorten(self.request.path()),
                Seconds(self.limit),
                Seconds(self.waited),
            )?,
            Budget::Call => write!(
                f,
                "{}: the call budget of {} ran out after {} attempt{}",
                self.request,
                Seconds(self.limit),
                self.attempts,
                if self.attempts == 1 { "" } else { "s" },
            )?,
        }
        if let Some(status) = &self.last_status {
            write!(f, " (last status: {})", shorten(status))?;
        }
        if let Some(error) = &self.last_error {
            write!(f, "; last error: {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DeadlineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.last_error
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The [`Limiter`](crate::limit::Limiter) failed (e.g. a `RedisLimiter`'s server, feature
/// `redis`, is unreachable and its fallback is to fail). Nothing was sent: retrying is safe.
#[derive(Debug)]
pub struct LimiterError {
    pub(crate) request: RequestInfo,
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

impl LimiterError {
    getters! {
        /// The request that was not sent.
        request(&self) -> &RequestInfo = &self.request;
    }
}

impl fmt::Display for LimiterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: not sent: the rate limiter failed: {}",
            self.request, self.source
        )?;
        write_chain(f, self.source.source())
    }
}

impl std::error::Error for LimiterError {}

/// Why a list walk stopped with an error instead of looping or leaking the key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// A next link to another origin (scheme, host or port) than the base URL; nothing was sent.
    CrossOrigin {
        /// The refused link's origin (`scheme://host:port`); its path and query are not kept.
        link_origin: String,
        /// The client's base origin.
        base_origin: String,
    },
    /// A next link that carries credentials (`user:password@`). No request was sent.
    Credentials {
        /// The link's origin, without the credentials.
        link_origin: String,
    },
    /// The walk stopped advancing: a next URL already visited (fragments ignored), or a page
    /// that repeats the previous page's items under a new URL.
    Loop {
        /// The repeated URL's path and query.
        url: String,
    },
    /// A page with no items that still claimed more results.
    EmptyPageClaimsMore {
        /// The path and query of the page's request.
        url: String,
    },
    /// A page claiming more results without a next link, whose last item has no id to continue
    /// after (`after=<id>`: none, empty, or over 1,024 bytes); nothing was sent.
    NoCursor {
        /// The path and query of the page's request.
        url: String,
    },
    /// A next link that is not a valid URL reference.
    InvalidLink {
        /// The link target, shortened, with any possible credential (before `@`, the query) hidden.
        target: String,
    },
    /// The prefetch task stopped before the end (its runtime shut down); resume from the cursor.
    Interrupted {
        /// The path and query of the last page handed out (or of the first page).
        url: String,
    },
    /// A resume cursor that does not address the list being walked on the client's origin.
    CursorMismatch {
        /// The cursor's path.
        cursor: String,
        /// The path of the list being walked.
        expected: String,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CrossOrigin {
                link_origin,
                base_origin,
            } => write!(
                f,
                "refused a next link to {}: it is not the API's origin {base_origin}",
                shorten(link_origin)
            ),
            Self::Credentials { link_origin } => write!(
                f,
                "refused a next link to {} that carries credentials",
                shorten(link_origin)
            ),
            Self::Loop { url } => write!(
                f,
                "pagination loop: {} repeats a page already visited",
                shorten(url)
            ),
            Self::EmptyPageClaimsMore { url } => {
                write!(f, "page {} is empty but claims more results", shorten(url))
            }
            Self::NoCursor { url } => write!(
                f,
                "page {} claims more results, but its last item has no usable id to continue after",
                shorten(url)
            ),
            Self::InvalidLink { target } => write!(f, "invalid next link {:?}", shorten(target)),
            Self::Interrupted { url } => write!(
                f,
                "the walk stopped after {} before the end of the list: its prefetch task was cancelled",
                shorten(url)
            ),
            Self::CursorMismatch { cursor, expected } => write!(
                f,
                "cursor for {} cannot resume a walk of {expected}",
                shorten(cursor)
            ),
        }
    }
}

impl std::error::Error for PaginationError {}
