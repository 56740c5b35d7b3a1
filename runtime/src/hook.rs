//! Hooks: code of the caller's that sees every attempt the client makes.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use url::Url;

/// Sees every attempt, retries included: before it is sent (and may add headers) and after it
/// ends (status and timing). Hooks run in the order given to [`crate::ClientBuilder::hook`]. A
/// hook sees no key: the URL never carries one, and `Authorization` is added after the hooks.
/// Headers it sets that [`Call::header`](crate::Call::header) refuses are dropped.
///
/// ```
/// use ittybit_runtime::hook::{AttemptRequest, AttemptResponse, Hook};
/// use ittybit_runtime::Client;
/// use ittybit_runtime::http::header::HeaderValue;
///
/// /// Logs every attempt and tags it with a header.
/// struct Log;
///
/// impl Hook for Log {
///     fn on_request(&self, request: &mut AttemptRequest<'_>) {
///         request.headers_mut().insert("x-app", HeaderValue::from_static("importer"));
///     }
///
///     fn on_response(&self, response: &AttemptResponse<'_>) {
///         eprintln!(
///             "{} {} attempt {} -> {:?} in {:?}",
///             response.method(),
///             response.url().path(),
///             response.attempt(),
///             response.status(),
///             response.elapsed()
///         );
///     }
/// }
///
/// let client = Client::builder().api_key("ittybit_…").hook(Log).build().unwrap();
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent. The default does nothing.
    fn on_request(&self, request: &mut AttemptRequest<'_>) {
        let _ = request;
    }

    /// Called when each attempt ends, answered or failed in transport. The default does nothing.
    fn on_response(&self, response: &AttemptResponse<'_>) {
        let _ = response;
    }
}

/// An attempt about to be sent, as a [`Hook`] sees it.
pub struct AttemptRequest<'a> {
    pub(crate) method: &'a Method,
    pub(crate) url: &'a Url,
    pub(crate) attempt: u32,
    pub(crate) headers: &'a mut HeaderMap,
}

impl AttemptRequest<'_> {
    crate::client::getters! {
        /// The HTTP method.
        method(&self) -> &Method = self.method;
        /// The URL (it never carries the key).
        url(&self) -> &Url = self.url;
        /// Which attempt: 1 for the first, 2 for the first retry, …
        attempt(&self) -> u32 = self.attempt;
        /// The headers set so far: the call's own (see [`Call::header`](crate::Call::header)).
        headers(&self) -> &HeaderMap = self.headers;
    }

    /// The headers, to add to.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }
}

impl fmt::Debug for AttemptRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptRequest")
            .field("method", self.method)
            .field("url", &self.url.as_str())
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

/// An attempt that ended, as a [`Hook`] sees it.
#[derive(Debug)]
pub struct AttemptResponse<'a> {
    pub(crate) method: &'a Method,
    pub(crate) url: &'a Url,
    pub(crate) attempt: u32,
    pub(crate) status: Option<StatusCode>,
    pub(crate) headers: Option<&'a HeaderMap>,
    pub(crate) elapsed: Duration,
}

impl AttemptResponse<'_> {
    crate::client::getters! {
        /// The HTTP method.
        method(&self) -> &Method = self.method;
        /// The URL (it never carries the key).
        url(&self) -> &Url = self.url;
        /// Which attempt: 1 for the first, 2 for the first retry, …
        attempt(&self) -> u32 = self.attempt;
        /// The status; `None` when the attempt failed in transport or ran out of the call budget.
        status(&self) -> Option<StatusCode> = self.status;
        /// The response headers, when the server answered.
        headers(&self) -> Option<&HeaderMap> = self.headers;
        /// How long the attempt took, from sending to the end of the body.
        elapsed(&self) -> Duration = self.elapsed;
    }
}
