//! A prepared request: await it for the value, or `send` it for the status and headers too.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, CONNECTION, CONTENT_ENCODING, CONTENT_LENGTH,
    CONTENT_TYPE, EXPECT, HOST, HeaderMap, HeaderName, HeaderValue, PROXY_AUTHORIZATION, TE,
    TRAILER, TRANSFER_ENCODING, UPGRADE, USER_AGENT,
};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::request::RequestSpec;
use crate::send::RawResponse;

/// Headers a caller may not set: the client's own, and those only the HTTP stack may set.
pub(crate) const RESERVED_HEADERS: [HeaderName; 17] = [
    AUTHORIZATION,
    PROXY_AUTHORIZATION,
    USER_AGENT,
    ACCEPT,
    CONTENT_TYPE,
    CONTENT_LENGTH,
    HOST,
    TRANSFER_ENCODING,
    CONNECTION,
    TE,
    UPGRADE,
    TRAILER,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    EXPECT,
    CONTENT_ENCODING,
    ACCEPT_ENCODING,
];

pub(crate) type Decoder<T> = fn(&RawResponse) -> Result<T>;

/// A request on its way: compiled once for every output type.
type Sending = Pin<Box<dyn Future<Output = Result<RawResponse>> + Send>>;

/// A prepared API request. Nothing is sent until it is awaited, [`send`](Call::send)-ed, or
/// [`wait`](Call::wait)-ed (blocking).
///
/// ```no_run
/// # use ittybit_runtime::{Call, Result};
/// # async fn demo(call: Call<String>, call2: Call<String>) -> Result<()> {
/// let value = call.await?; // the decoded body
/// let response = call2.send().await?; // status and headers too
/// println!("{} {:?}", response.status(), response.headers().get("location"));
/// # Ok(()) }
/// ```
#[must_use = "a Call sends nothing until it is awaited"]
pub struct Call<T> {
    client: Client,
    request: Result<RequestSpec>,
    decode: Decoder<T>,
    sensitive: bool,
    running: Option<Sending>,
}

impl<T> Call<T> {
    pub(crate) fn new(client: &Client, request: Result<RequestSpec>, decode: Decoder<T>) -> Self {
        Self {
            client: client.clone(),
            request,
            decode,
            sensitive: false,
            running: None,
        }
    }

    /// Adds a header (e.g. one the API documents later). The client's own (`Authorization`,
    /// `User-Agent`, `Accept`, `Content-Type`) and those framing the message, connection or
    /// encoding (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`,
    /// `Proxy-Connection`, `Proxy-Authorization`, `TE`, `Trailer`, `Upgrade`, `Expect`,
    /// `Content-Encoding`, `Accept-Encoding`) fail it unsent ([`crate::Error::InvalidRequest`]).
    ///
    /// ```no_run
    /// # use ittybit_runtime::http::header::{HeaderName, HeaderValue};
    /// # use ittybit_runtime::{Call, Result};
    /// # async fn demo(call: Call<String>) -> Result<()> {
    /// let value = call
    ///     .header(HeaderName::from_static("x-request-id"), HeaderValue::from_static("r-1"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        if let Ok(request) = &mut self.request {
            if RESERVED_HEADERS.contains(&name) {
                self.request = Err(Error::invalid(format!(
                    "the {name} header is the client's own and cannot be set per call"
                )));
            } else {
                request.headers.append(name, value);
            }
        }
        self
    }

    /// This call's budget for every attempt and retry sleep, instead of the client's
    /// [`call_timeout`](crate::ClientBuilder::call_timeout); then [`crate::Error::Deadline`].
    pub fn timeout(mut self, budget: Duration) -> Self {
        if let Ok(request) = &mut self.request {
            request.budget = Some(budget);
        }
        self
    }

    /// Marks the response as carrying a secret (e.g. a new key's, shown once): a
    /// [`DecodeError`](crate::error::DecodeError) then keeps no excerpt and quotes no value, so
    /// logging it leaks nothing.
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// Shortens this call's budget to at most `budget` (a wait's remaining time).
    pub(crate) fn budget_at_most(mut self, budget: Duration) -> Self {
        let current = self.client.inner.call_timeout;
        if let Ok(request) = &mut self.request {
            let current = request.budget.or(current).unwrap_or(Duration::MAX);
            request.budget = Some(current.min(budget));
        }
        self
    }

    /// Sends the request and returns the decoded value with the response's status and headers.
    ///
    /// # Errors
    /// Any [`Error`](crate::Error): invalid input, transport, an error status, an undecodable body.
    pub async fn send(self) -> Result<Response<T>> {
        let Self {
            client,
            request,
            decode,
            sensitive,
            ..
        } = self;
        let raw = send(&client, request).await?;
        let value = decode(&raw).map_err(|error| conceal(error, sensitive, &client))?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            value,
        })
    }
}

/// A future rather than only `IntoFuture`, so that rustc hints "consider `.await`ing".
impl<T: Send + 'static> Future for Call<T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let this = &mut *self;
        let running = this
            .running
            .get_or_insert_with(|| start(&this.client, &mut this.request));
        let raw = ready!(running.as_mut().poll(cx));
        Poll::Ready(raw.and_then(|raw| {
            (this.decode)(&raw).map_err(|error| conceal(error, this.sensitive, &this.client))
        }))
    }
}

/// Everything but the decoding, compiled once rather than for each output type.
async fn send(client: &Client, request: Result<RequestSpec>) -> Result<RawResponse> {
    client.send(&request?).await
}

fn start(client: &Client, request: &mut Result<RequestSpec>) -> Sending {
    let request = std::mem::replace(request, Err(Error::invalid("the call was already sent")));
    let client = client.clone();
    Box::pin(async move { send(&client, request).await })
}

/// An error without the client's key, and without the body when the response is sensitive.
fn conceal(mut error: Error, sensitive: bool, client: &Client) -> Error {
    if let (true, Error::Decode(decode)) = (sensitive, &mut error) {
        decode.conceal();
    }
    error.without(client.key())
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Call");
        match &self.request {
            Ok(request) => debug
                .field("method", &request.method)
                .field("path", &request.url.path()),
            Err(error) => debug.field("error", error),
        };
        debug.finish_non_exhaustive()
    }
}

/// A decoded value with the status and headers of the response that carried it.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> Response<T> {
    crate::client::getters! {
        /// The HTTP status (any 2xx: 200, 201 and 202 are all success).
        status(&self) -> StatusCode = self.status;
        /// The response headers.
        headers(&self) -> &HeaderMap = &self.headers;
        /// The decoded value.
        value(&self) -> &T = &self.value;
        /// Takes the decoded value.
        into_value(self) -> T = self.value;
    }
}

#[cfg(test)]
mod tests {
    use crate::Client;

    #[test]
    fn debug_names_the_request_or_its_error_and_never_the_key() {
        let client = Client::builder()
            .api_key("ittybit_secret_123")
            .base_url("http://127.0.0.1:1/v1")
            .build()
            .unwrap();
        let call = client.path("/tasks/task_1").get::<serde_json::Value>();
        assert_eq!(
            format!("{call:?}"),
            r#"Call { method: GET, path: "/v1/tasks/task_1", .. }"#
        );
        let refused = client
            .path("//elsewhere.example/x")
            .get::<serde_json::Value>();
        let debug = format!("{refused:?}");
        assert!(
            debug.starts_with("Call { error: invalid request"),
            "{debug}"
        );
        assert!(!debug.contains("secret"), "{debug}");
    }
}
