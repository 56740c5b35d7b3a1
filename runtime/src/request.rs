//! What a request is before it is sent: method, URL, body, and the path template it came from.

use std::fmt;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Serialize;
use url::Url;

use crate::error::{Error, Result};

/// Everything but RFC 3986's unreserved characters is encoded, so an id is always exactly one
/// path segment: `/`, `?`, `#` and `%` cannot change the path or the query.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path as a template, for tracing: `/tasks/{id}`, never the id itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PathTemplate {
    pub(crate) resource: &'static str,
    pub(crate) suffix: &'static str,
}

impl PathTemplate {
    pub(crate) const fn collection(resource: &'static str) -> Self {
        Self {
            resource,
            suffix: "",
        }
    }

    pub(crate) const fn item(resource: &'static str) -> Self {
        Self {
            resource,
            suffix: "/{id}",
        }
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.resource, self.suffix)
    }
}

/// A request ready to send (and to send again, for retries).
#[derive(Debug, Clone)]
pub(crate) struct RequestSpec {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) template: PathTemplate,
    pub(crate) body: Option<Bytes>,
    pub(crate) headers: HeaderMap,
    /// This call's time budget, when it is not the client's.
    pub(crate) budget: Option<std::time::Duration>,
}

impl RequestSpec {
    pub(crate) fn new(method: Method, url: Url, template: PathTemplate) -> Self {
        Self {
            method,
            url,
            template,
            body: None,
            headers: HeaderMap::new(),
            budget: None,
        }
    }

    /// Serializes `body` as the JSON request body.
    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidRequest(format!("could not serialize the request body: {e}").into())
        })?;
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }
}

/// The longest id sent, in bytes. Ids of the API are about 20 characters; a longer one is a
/// mistake (a body pasted where an id belongs) and would only make a URL servers refuse.
pub const MAX_ID_LEN: usize = 1024;

/// Encodes an id as one path segment, refusing ids that cannot be one.
pub(crate) fn encode_id(resource: &str, id: &str) -> Result<String> {
    if id.len() > MAX_ID_LEN {
        return Err(Error::invalid(format!(
            "an id of {} bytes is over the limit of {MAX_ID_LEN} under {resource}: {:?}",
            id.len(),
            crate::error::text::shorten(id)
        )));
    }
    if id.is_empty() {
        return Err(Error::InvalidRequest(
            format!("an empty id cannot address a resource under {resource}").into(),
        ));
    }
    // URL parsers resolve `.` and `..` segments even when percent-encoded, so they cannot be
    // sent as ids at all.
    if id == "." || id == ".." {
        return Err(Error::InvalidRequest(
            format!("the id {id:?} cannot be sent as a path segment under {resource}").into(),
        ));
    }
    Ok(utf8_percent_encode(id, SEGMENT).to_string())
}
