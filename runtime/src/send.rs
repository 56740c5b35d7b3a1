//! Sending a request: one place for attempts, retries, error mapping and tracing.

use std::time::SystemTime;

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, USER_AGENT};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use tracing::Instrument;
use url::Url;

use crate::client::Client;
use crate::error::{
    ApiError, ApiErrorKind, Error, RequestInfo, Result, StatusError, TransportError,
    UnexpectedBody, excerpt,
};
use crate::request::RequestSpec;
use crate::retry::{self, Verdict};

/// A complete 2xx response, body read.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) url: Url,
    pub(crate) method: Method,
}

impl RawResponse {
    /// The request this answered, for errors (built only when one is).
    pub(crate) fn request(&self) -> RequestInfo {
        RequestInfo::new(self.method.clone(), &self.url)
    }
}

impl Client {
    /// Sends `spec`, retrying per the policy; a non-2xx final answer becomes an [`Error`].
    pub(crate) async fn send(&self, spec: &RequestSpec) -> Result<RawResponse> {
        let span = tracing::info_span!(
            "ittybit.request",
            method = %spec.method,
            path = %spec.template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        self.send_with_retries(spec).instrument(span).await
    }

    async fn send_with_retries(&self, spec: &RequestSpec) -> Result<RawResponse> {
        let span = tracing::Span::current();
        let started = tokio::time::Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let (verdict, error) = match self.attempt(spec).await {
                Ok(raw) => {
                    span.record("status", raw.status.as_u16());
                    if raw.status.is_success() {
                        span.record("elapsed_ms", elapsed_ms(started));
                        tracing::debug!(attempt, status = raw.status.as_u16(), "response");
                        return Ok(raw);
                    }
                    let verdict = retry::for_status(&spec.method, raw.status);
                    (verdict, error_from_response(raw))
                }
                Err(source) => {
                    let verdict = retry::for_transport(&spec.method, &source);
                    let error = Error::Transport(Box::new(TransportError {
                        request: RequestInfo::new(spec.method.clone(), &spec.url),
                        attempts: attempt,
                        source: source.without_url(),
                    }));
                    (verdict, error)
                }
            };
            let delay = match verdict {
                Verdict::Retry => self.inner.retry.delay(attempt, error.retry_after()),
                Verdict::Stop => None,
            };
            let Some(delay) = delay else {
                span.record("elapsed_ms", elapsed_ms(started));
                tracing::debug!(attempt, error = %error, "giving up");
                return Err(error);
            };
            tracing::info!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: send, then read the whole body.
    async fn attempt(&self, spec: &RequestSpec) -> Result<RawResponse, reqwest::Error> {
        let inner = &self.inner;
        let mut builder = inner
            .http
            .request(spec.method.clone(), spec.url.clone())
            .headers(spec.headers.clone())
            .header(AUTHORIZATION, inner.authorization.clone())
            .header(USER_AGENT, inner.user_agent.clone())
            .header(ACCEPT, "application/json");
        if let Some(timeout) = inner.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(body) = &spec.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let mut response = builder.send().await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await?;
        Ok(RawResponse {
            status,
            headers,
            body,
            url: spec.url.clone(),
            method: spec.method.clone(),
        })
    }
}

fn elapsed_ms(started: tokio::time::Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// The API's error body.
#[derive(Deserialize)]
struct ErrorBody {
    kind: ApiErrorKind,
    message: String,
}

/// Maps a non-2xx response to [`Error::Api`] when it has the API's error body, else to
/// [`Error::Status`].
pub(crate) fn error_from_response(raw: RawResponse) -> Error {
    let retry_after = retry::retry_after(&raw.headers, SystemTime::now());
    if let Ok(body) = serde_json::from_slice::<ErrorBody>(&raw.body) {
        return Error::Api(Box::new(ApiError {
            status: raw.status,
            kind: body.kind,
            message: body.message,
            retry_after,
            request: raw.request(),
            headers: raw.headers,
        }));
    }
    let body = if raw.body.iter().all(u8::is_ascii_whitespace) {
        UnexpectedBody::Empty
    } else if serde_json::from_slice::<serde::de::IgnoredAny>(&raw.body).is_ok() {
        UnexpectedBody::MissingFields
    } else {
        UnexpectedBody::NotJson
    };
    let content_type = raw
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Error::Status(Box::new(StatusError {
        status: raw.status,
        body,
        content_type,
        excerpt: excerpt(&raw.body),
        retry_after,
        request: raw.request(),
        headers: raw.headers,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn raw(status: u16, content_type: &'static str, body: &'static str) -> RawResponse {
        let url = Url::parse("https://api.ittybit.com/tasks/task_x").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers.insert("retry-after", HeaderValue::from_static("7"));
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: Bytes::from_static(body.as_bytes()),
            method: Method::GET,
            url,
        }
    }

    #[test]
    fn error_bodies_are_classified() {
        let err = error_from_response(raw(
            404,
            "application/json",
            r#"{"kind":"task_not_found","message":"The task does not exist."}"#,
        ));
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*api.kind(), ApiErrorKind::TaskNotFound);
        assert_eq!(api.message(), "The task does not exist.");
        assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(7)));

        let cases = [
            (
                502,
                "text/html",
                "<html>Bad gateway</html>",
                UnexpectedBody::NotJson,
            ),
            (
                500,
                "application/json",
                r#"{"error":"boom"}"#,
                UnexpectedBody::MissingFields,
            ),
            (
                500,
                "application/json",
                r#"{"kind":1,"message":"x"}"#,
                UnexpectedBody::MissingFields,
            ),
            (503, "text/plain", "", UnexpectedBody::Empty),
            (503, "text/plain", " \n", UnexpectedBody::Empty),
        ];
        for (status, ct, body, want) in cases {
            let err = error_from_response(raw(status, ct, body));
            let Error::Status(status_error) = &err else {
                panic!("{err:?}")
            };
            assert_eq!(status_error.body(), want, "{body}");
            assert_eq!(status_error.content_type(), Some(ct));
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
            // Readable, never a serde message.
            assert!(!err.to_string().contains("line 1 column"), "{err}");
        }
    }
}
