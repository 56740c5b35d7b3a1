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
    /// Keeps nothing of a body that holds a secret: no excerpt, and serde's message without
    /// the values it quotes.
    pub(crate) fn conceal(&mut self) {
        self.excerpt.clear();
        self.message = without_values(&self.message);
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

    /// The start of the body (at most [`EXCERPT_LEN`](crate::error::EXCERPT_LEN) bytes, lossily
    /// decoded), with the values of keys named like credentials (`secret`, `token`,
    /// `password`, `api_key`) redacted; empty for a response that carries a secret (see
    /// [`Call::sensitive`](crate::Call::sensitive)).
    #[must_use]
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode {} response to {} at `{}`: {}; body ({} bytes)",
            StatusDisplay(self.status),
            self.request,
            super::text::shorten(&self.path),
            super::text::shorten(&self.message),
            self.body_len,
        )?;
        if self.excerpt.is_empty() && self.body_len > 0 {
            f.write_str(" not shown: it holds a secret")
        } else {
            write!(f, ": {:?}", self.excerpt)
        }
    }
}
