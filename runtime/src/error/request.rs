//! Which request an error belongs to.

use std::fmt;

use reqwest::Method;

use super::text::shorten;

/// The method and path of the request an error belongs to, e.g. `GET /tasks/task_x`.
///
/// Only the path is kept: never the query string, the host or any header. `Display` shortens
/// a very long path so that an error message stays bounded; [`path`](Self::path) has it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInfo {
    method: Method,
    path: String,
}

impl RequestInfo {
    pub(crate) fn new(method: Method, url: &url::Url) -> Self {
        Self {
            method,
            path: url.path().to_owned(),
        }
    }

    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request path as sent (percent-encoded), without the query string.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, shorten(&self.path))
    }
}

#[cfg(test)]
pub(crate) fn get(path: &str) -> RequestInfo {
    RequestInfo {
        method: Method::GET,
        path: path.to_owned(),
    }
}
