//! A prepared request: await it for the value, or `send` it for the status and headers too.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::client::Client;
use crate::error::Result;
use crate::request::RequestSpec;
use crate::send::RawResponse;

/// Turns a 2xx response into the call's output.
pub(crate) type Decoder<T> = fn(&RawResponse) -> Result<T>;

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
}

impl<T> Call<T> {
    pub(crate) fn new(client: &Client, request: Result<RequestSpec>, decode: Decoder<T>) -> Self {
        Self {
            client: client.clone(),
            request,
            decode,
        }
    }

    /// Adds a header to this request (for example one the API documents later). The client's
    /// own `Authorization`, `User-Agent`, `Accept` and `Content-Type` always take precedence.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        if let Ok(request) = &mut self.request {
            request.headers.append(name, value);
        }
        self
    }

    /// Sends the request and returns the decoded value with the response's status and headers.
    ///
    /// # Errors
    /// Any [`Error`](crate::Error): invalid input, transport, an error status, or a body that
    /// does not decode.
    pub async fn send(self) -> Result<Response<T>> {
        let request = self.request?;
        let raw = self.client.send(&request).await?;
        let value = (self.decode)(&raw)?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            value,
        })
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send().await.map(Response::into_value) })
    }
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
    /// The HTTP status (any 2xx: 200, 201 and 202 are all success).
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded value.
    #[must_use]
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Takes the decoded value.
    #[must_use]
    pub fn into_value(self) -> T {
        self.value
    }
}
