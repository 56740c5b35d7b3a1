//! Error statuses: what every error response has, and the two ways its body can read.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::Deserialize;

use super::Error;
use super::kind::ApiErrorKind;
use super::request::RequestInfo;
use super::text::{Seconds, StatusDisplay, excerpt};

/// What every error response has, whatever its body: the status, the headers, the
/// `Retry-After` delay and the request it answered.
#[derive(Debug, Clone)]
pub struct ErrorResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) request: RequestInfo,
}

impl ErrorResponse {
    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The delay the server asked for in `Retry-After`, if any. A value too large to
    /// represent reads as [`Duration::MAX`]: beyond any cap.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The request this response answered.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }
}

/// An error answered by the API with its documented `{kind, message}` body.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) response: ErrorResponse,
    pub(crate) kind: ApiErrorKind,
    pub(crate) message: String,
}

impl ApiError {
    /// The status, headers, `Retry-After` and request.
    #[must_use]
    pub fn response(&self) -> &ErrorResponse {
        &self.response
    }

    /// The error `kind`; unknown kinds are kept in [`ApiErrorKind::Other`].
    #[must_use]
    pub fn kind(&self) -> &ApiErrorKind {
        &self.kind
    }

    /// The human-readable `message`, exactly as sent.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = super::text::shorten(self.message.trim().trim_end_matches('.'));
        write!(
            f,
            "{}: {}: {message} ({})",
            StatusDisplay(self.response.status),
            super::text::shorten(self.kind.as_str()),
            self.response.request
        )?;
        write_retry_after(f, self.response.retry_after)
    }
}

/// Why an error response was not the API's `{kind, message}` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnexpectedBody {
    /// The body was empty.
    Empty,
    /// The body was not JSON (an HTML page from a proxy, plain text, …).
    NotJson,
    /// The body was JSON but lacked a string `kind` or `message`.
    MissingFields,
    /// The body was longer than an error body may be ([`ERROR_BODY_LIMIT`]); only its start was
    /// read.
    TooLarge,
}

/// How much of an error response's body is read: enough for any `{kind, message}` object.
/// The rest is not read and the connection is dropped.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// An error status whose body is not the API's error object.
#[derive(Debug, Clone)]
pub struct StatusError {
    pub(crate) response: ErrorResponse,
    pub(crate) body: UnexpectedBody,
    pub(crate) content_type: Option<String>,
    pub(crate) excerpt: String,
}

impl StatusError {
    /// The status, headers, `Retry-After` and request.
    #[must_use]
    pub fn response(&self) -> &ErrorResponse {
        &self.response
    }

    /// What was wrong with the body.
    #[must_use]
    pub fn body(&self) -> UnexpectedBody {
        self.body
    }

    /// The response's `Content-Type`, if it had one.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The start of the body (at most [`EXCERPT_LEN`](crate::error::EXCERPT_LEN) bytes, lossily
    /// decoded).
    #[must_use]
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", StatusDisplay(self.response.status))?;
        let ct = self.content_type.as_deref().unwrap_or("no content type");
        let ct = super::text::shorten(ct);
        match self.body {
            UnexpectedBody::Empty => write!(f, "empty error body")?,
            UnexpectedBody::NotJson => write!(f, "non-JSON error body ({ct}): {:?}", self.excerpt)?,
            UnexpectedBody::MissingFields => {
                write!(f, "error body without kind/message: {:?}", self.excerpt)?;
            }
            UnexpectedBody::TooLarge => write!(
                f,
                "error body over {ERROR_BODY_LIMIT} bytes ({ct}): {:?}",
                self.excerpt
            )?,
        }
        write!(f, " ({})", self.response.request)?;
        write_retry_after(f, self.response.retry_after)
    }
}

fn write_retry_after(f: &mut fmt::Formatter<'_>, retry_after: Option<Duration>) -> fmt::Result {
    match retry_after {
        Some(delay) => write!(f, ", retry after {}", Seconds(delay)),
        None => Ok(()),
    }
}

/// The API's error body.
#[derive(Deserialize)]
struct ErrorBody {
    kind: ApiErrorKind,
    message: String,
}

/// Maps a non-2xx response to [`Error::Api`] when it has the API's error body, else to
/// [`Error::Status`]. `complete` is false when only the first [`ERROR_BODY_LIMIT`] bytes of
/// the body were read.
pub(crate) fn error_from_response(
    status: StatusCode,
    headers: HeaderMap,
    body: &Bytes,
    complete: bool,
    request: RequestInfo,
) -> Error {
    let response = ErrorResponse {
        retry_after: crate::retry::retry_after(&headers, SystemTime::now()),
        status,
        headers,
        request,
    };
    if complete && let Ok(parsed) = serde_json::from_slice::<ErrorBody>(body) {
        return Error::Api(Box::new(ApiError {
            response,
            kind: parsed.kind,
            message: parsed.message,
        }));
    }
    let kind = if !complete {
        UnexpectedBody::TooLarge
    } else if body.iter().all(u8::is_ascii_whitespace) {
        UnexpectedBody::Empty
    } else if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        UnexpectedBody::MissingFields
    } else {
        UnexpectedBody::NotJson
    };
    let content_type = response
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Error::Status(Box::new(StatusError {
        response,
        body: kind,
        content_type,
        excerpt: excerpt(body),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn answer(status: u16, content_type: &'static str, body: &'static str) -> Error {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers.insert("retry-after", HeaderValue::from_static("7"));
        error_from_response(
            StatusCode::from_u16(status).unwrap(),
            headers,
            &Bytes::from_static(body.as_bytes()),
            true,
            super::super::request::get("/tasks/task_x"),
        )
    }

    #[test]
    fn error_bodies_are_classified() {
        let err = answer(
            404,
            "application/json",
            r#"{"kind":"task_not_found","message":"The task does not exist."}"#,
        );
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*api.kind(), ApiErrorKind::TaskNotFound);
        assert_eq!(api.message(), "The task does not exist.");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(
            err.to_string(),
            "404 Not Found: task_not_found: The task does not exist (GET /tasks/task_x), retry after 7s"
        );

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
            let err = answer(status, ct, body);
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

    #[test]
    fn status_error_shows_content_type_and_excerpt() {
        let err = answer(502, "text/html", "<html><body>Bad gateway</body></html>");
        assert_eq!(
            err.to_string(),
            "502 Bad Gateway: non-JSON error body (text/html): \"<html><body>Bad gateway</body></html>\" (GET /tasks/task_x), retry after 7s"
        );
        assert!(
            err.status().is_some_and(|s| s.is_server_error())
                && err.is_retryable()
                && err.api_kind().is_none()
        );
    }

    #[test]
    fn an_incomplete_body_is_never_parsed() {
        let body = Bytes::from_static(br#"{"kind":"task_not_found","message":"x"}"#);
        let err = error_from_response(
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            &body,
            false,
            super::super::request::get("/tasks/x"),
        );
        let Error::Status(status) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(status.body(), UnexpectedBody::TooLarge);
        assert!(
            err.to_string().contains("error body over 65536 bytes"),
            "{err}"
        );
    }
}
