//! Error statuses: what every error response has, and how its body was read.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::Deserialize;

use super::text::{Seconds, StatusDisplay, excerpt, shorten};
use super::{ApiErrorKind, Error, RequestInfo};
use crate::client::getters;

/// A non-2xx answer: status, headers, `Retry-After`, request, and body, read as the API's
/// `{kind, message}` object or else (a proxy's HTML page, an empty body) the flaw and an excerpt.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) request: RequestInfo,
    pub(crate) body: Body,
}

/// How an error body read.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Api {
        kind: ApiErrorKind,
        message: String,
    },
    Unexpected {
        why: UnexpectedBody,
        excerpt: String,
    },
}

impl ApiError {
    getters! {
        /// The HTTP status.
        status(&self) -> StatusCode = self.status;
        /// The response headers.
        headers(&self) -> &HeaderMap = &self.headers;
        /// The delay asked for in `Retry-After`; one too large to represent is [`Duration::MAX`].
        retry_after(&self) -> Option<Duration> = self.retry_after;
        /// The request this response answered.
        request(&self) -> &RequestInfo = &self.request;
        /// The `kind` of an API error body (unknown ones in [`ApiErrorKind::Other`]).
        kind(&self) -> Option<&ApiErrorKind> = match &self.body {
            Body::Api { kind, .. } => Some(kind),
            Body::Unexpected { .. } => None,
        };
        /// The human-readable `message` of an API error body, exactly as sent.
        message(&self) -> Option<&str> = match &self.body {
            Body::Api { message, .. } => Some(message),
            Body::Unexpected { .. } => None,
        };
        /// What was wrong with a body that is not the API's error object.
        unexpected_body(&self) -> Option<UnexpectedBody> = match &self.body {
            Body::Unexpected { why, .. } => Some(*why),
            Body::Api { .. } => None,
        };
        /// The start of a body that is not the API's error object (at most [`super::EXCERPT_LEN`]
        /// bytes, lossy, credentials redacted); empty for an API error body.
        excerpt(&self) -> &str = match &self.body {
            Body::Unexpected { excerpt, .. } => excerpt,
            Body::Api { .. } => "",
        };
        /// The response's `Content-Type`, if it had one that is text.
        content_type(&self) -> Option<&str> = self.headers.get(CONTENT_TYPE)?.to_str().ok();
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", StatusDisplay(self.status))?;
        let ct = shorten(self.content_type().unwrap_or("no content type"));
        match &self.body {
            Body::Api { kind, message } => {
                let message = shorten(message.trim().trim_end_matches('.'));
                write!(f, "{}: {message}", shorten(kind.as_str()))?;
            }
            Body::Unexpected { why, excerpt } => match why {
                UnexpectedBody::Empty => write!(f, "empty error body")?,
                UnexpectedBody::NotJson => write!(f, "non-JSON error body ({ct}): {excerpt:?}")?,
                UnexpectedBody::MissingFields => {
                    write!(f, "error body without kind/message: {excerpt:?}")?;
                }
                UnexpectedBody::TooLarge => {
                    write!(
                        f,
                        "error body over {ERROR_BODY_LIMIT} bytes ({ct}): {excerpt:?}"
                    )?;
                }
            },
        }
        write!(f, " ({})", self.request)?;
        match self.retry_after {
            Some(delay) => write!(f, ", retry after {}", Seconds(delay)),
            None => Ok(()),
        }
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
    /// The body was over [`ERROR_BODY_LIMIT`]; only its start was read.
    TooLarge,
}

/// How much of an error body is read (enough for any `{kind, message}`); then the connection drops.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The API's error body.
#[derive(Deserialize)]
struct ApiBody {
    kind: ApiErrorKind,
    message: String,
}

/// Maps a non-2xx response to [`Error::Api`], its body read as the API's error object when it
/// is one. `complete` is false when only the first [`ERROR_BODY_LIMIT`] bytes were read.
pub(crate) fn error_from_response(
    status: StatusCode,
    headers: HeaderMap,
    body: &Bytes,
    complete: bool,
    request: RequestInfo,
) -> Error {
    let parsed = if complete {
        serde_json::from_slice::<ApiBody>(body).ok()
    } else {
        None
    };
    let body = match parsed {
        Some(ApiBody { kind, message }) => Body::Api { kind, message },
        None => Body::Unexpected {
            why: if !complete {
                UnexpectedBody::TooLarge
            } else if body.iter().all(u8::is_ascii_whitespace) {
                UnexpectedBody::Empty
            } else if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
                UnexpectedBody::MissingFields
            } else {
                UnexpectedBody::NotJson
            },
            excerpt: excerpt(body),
        },
    };
    Error::Api(Box::new(ApiError {
        retry_after: crate::retry::retry_after(&headers, SystemTime::now()),
        status,
        headers,
        request,
        body,
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
            super::super::tests::get("/tasks/task_x"),
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
        assert_eq!(api.kind(), Some(&ApiErrorKind::TaskNotFound));
        assert_eq!(api.message(), Some("The task does not exist."));
        assert_eq!((api.unexpected_body(), api.excerpt()), (None, ""));
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
            let Error::Api(api) = &err else {
                panic!("{err:?}")
            };
            assert_eq!(api.unexpected_body(), Some(want), "{body}");
            assert_eq!((api.kind(), api.message()), (None, None));
            assert_eq!(api.content_type(), Some(ct));
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
            super::super::tests::get("/tasks/x"),
        );
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(api.unexpected_body(), Some(UnexpectedBody::TooLarge));
        assert!(
            err.to_string().contains("error body over 65536 bytes"),
            "{err}"
        );
    }
}
