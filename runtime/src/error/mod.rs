//! [`Error`], the API's error kinds and the request an error belongs to; error statuses in
//! `response.rs`, other failures in `failure.rs`, bounded message text in `text.rs`.

mod failure;
mod response;
pub(crate) mod text;

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::client::getters;
pub(crate) use failure::without_values;
pub use failure::{
    BodyTooLargeError, Budget, DeadlineError, DecodeError, LimiterError, PaginationError,
    TransportError,
};
pub(crate) use response::Body;
pub(crate) use response::error_from_response;
pub use response::{ApiError, ERROR_BODY_LIMIT, UnexpectedBody};
pub use text::EXCERPT_LEN;
pub(crate) use text::{excerpt, is_credential};

crate::open_enum! {
    /// The API's error `kind`, an open list: unknown kinds are kept in [`ApiErrorKind::Other`].
    pub enum ApiErrorKind {
        /// `token_missing` (401): no key was sent.
        TokenMissing = "token_missing",
        /// `token_invalid` (401): the key is not valid.
        TokenInvalid = "token_invalid",
        /// `project_required` (403): the key is not scoped to a project.
        ProjectRequired = "project_required",
        /// `request_invalid` (400): a parameter or field is invalid.
        RequestInvalid = "request_invalid",
        /// `url_required` (400): a media URL is missing.
        UrlRequired = "url_required",
        /// `format_unsupported` (400): the media format is not supported.
        FormatUnsupported = "format_unsupported",
        /// `payment_required` (402): a payment issue on the account.
        PaymentRequired = "payment_required",
        /// `task_not_found` (404).
        TaskNotFound = "task_not_found",
        /// `run_not_found` (404).
        RunNotFound = "run_not_found",
        /// `automation_not_found` (404).
        AutomationNotFound = "automation_not_found",
        /// `internal_error` (500).
        InternalError = "internal_error",
    }
}

/// The method and path of the request an error belongs to, e.g. `GET /tasks/task_x`: never the
/// query, host or a header. `Display` shortens a long path; [`path`](Self::path) has it whole.
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

    getters! {
        /// The HTTP method.
        method(&self) -> &Method = &self.method;
        /// The request path as sent (percent-encoded), without the query string.
        path(&self) -> &str = &self.path;
    }
}

impl fmt::Display for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, text::shorten(&self.path))
    }
}

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to the API.
///
/// Payloads are boxed to keep `Result<T, Error>` small. Match a variant to handle a class of
/// failure, or ask any error: [`status`](Self::status), [`api_kind`](Self::api_kind),
/// [`retry_after`](Self::retry_after), [`is_retryable`](Self::is_retryable), … Every message is
/// one bounded line: long paths, ids and bodies are shortened.
///
/// ```
/// # use ittybit_runtime::{Error, error::ApiErrorKind, http::StatusCode};
/// fn explain(err: &Error) -> String {
///     match err {
///         Error::Api(api) if api.kind() == Some(&ApiErrorKind::TaskNotFound) => "no such task".into(),
///         err if err.status() == Some(StatusCode::TOO_MANY_REQUESTS) => format!("slow down: retry after {:?}", err.retry_after()),
///         err => err.to_string(),
///     }
/// }
/// ```
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status: with the API's `{kind, message}` body, or
    /// without it (a proxy's HTML page, an empty body, JSON lacking `kind`/`message`).
    Api(Box<ApiError>),
    /// A success (2xx) body that does not decode into the expected type.
    Decode(Box<DecodeError>),
    /// The request could not be completed: connection refused or reset, timeout, TLS failure.
    Transport(Box<TransportError>),
    /// A response body over the client's limit. Not retried.
    BodyTooLarge(Box<BodyTooLargeError>),
    /// A list walk refused to go on: a loop, an empty page claiming more, a next link to another
    /// origin or with credentials, a cursor for another list.
    Pagination(Box<PaginationError>),
    /// The request was refused before anything was sent (an invalid id, limit, header or body).
    InvalidRequest(Box<str>),
    /// The client could not be configured (missing key, plain-HTTP base URL, …).
    Config(Box<str>),
    /// A call's budget (every attempt and retry sleep) or a wait's ran out; see
    /// [`DeadlineError::budget`].
    Deadline(Box<DeadlineError>),
    /// The rate limiter failed, so nothing was sent (e.g. a fleet's Redis server is unreachable).
    Limiter(Box<LimiterError>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => e.fmt(f),
            Self::Decode(e) => e.fmt(f),
            Self::Transport(e) => e.fmt(f),
            Self::BodyTooLarge(e) => e.fmt(f),
            Self::Pagination(e) => e.fmt(f),
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
            Self::Deadline(e) => e.fmt(f),
            Self::Limiter(e) => e.fmt(f),
        }
    }
}

/// The `Display` line, so a `main` returning [`Result`] prints what went wrong
/// (`Error: 404 Not Found: task_not_found: … (GET /tasks/…)`), not a struct dump.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The variants' payloads are not exposed as sources: each message already says what they say.
impl std::error::Error for Error {}

impl From<PaginationError> for Error {
    fn from(error: PaginationError) -> Self {
        Self::Pagination(Box::new(error))
    }
}

impl Error {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidRequest(message.into().into_boxed_str())
    }

    /// `secret` (the key, echoed by a server) replaced by `<redacted>` in the kept body, and
    /// headers holding it marked sensitive (hidden from `Debug`). A secret under 12 bytes is
    /// not looked for: it would match ordinary text.
    pub(crate) fn without(mut self, secret: &str) -> Self {
        if secret.len() < 12 {
            return self;
        }
        let hide = |text: &mut String| {
            if text.contains(secret) {
                *text = text.replace(secret, "<redacted>");
            }
        };
        let hide_headers = |headers: &mut HeaderMap| {
            for value in headers.values_mut() {
                let bytes = value.as_bytes();
                if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                    value.set_sensitive(true);
                }
            }
        };
        match &mut self {
            Self::Api(e) => {
                match &mut e.body {
                    Body::Api { message, .. } => hide(message),
                    Body::Unexpected { excerpt, .. } => hide(excerpt),
                }
                hide_headers(&mut e.headers);
            }
            Self::Decode(e) => {
                hide(&mut e.excerpt);
                hide(&mut e.message);
            }
            _ => {}
        }
        self
    }

    fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status of an error status, a 2xx that did not decode, or a body over the limit.
    #[must_use]
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Decode(e) => Some(e.status),
            Self::BodyTooLarge(e) => Some(e.status),
            _ => self.api().map(ApiError::status),
        }
    }

    getters! {
        /// The API's error `kind`, when the body was the API's error object.
        api_kind(&self) -> Option<&ApiErrorKind> = self.api().and_then(ApiError::kind);
        /// The response headers of an error status.
        headers(&self) -> Option<&HeaderMap> = self.api().map(ApiError::headers);
        /// The delay the server asked for in `Retry-After`.
        retry_after(&self) -> Option<Duration> = self.api().and_then(ApiError::retry_after);
    }

    /// The request an error belongs to, when one was built.
    #[must_use]
    pub fn request(&self) -> Option<&RequestInfo> {
        match self {
            Self::Decode(e) => Some(&e.request),
            Self::Transport(e) => Some(&e.request),
            Self::BodyTooLarge(e) => Some(&e.request),
            Self::Deadline(e) => Some(&e.request),
            Self::Limiter(e) => Some(&e.request),
            _ => self.api().map(ApiError::request),
        }
    }

    /// A time limit ran out: one attempt's timeout, or a call's budget.
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Transport(e) => e.is_timeout(),
            Self::Deadline(e) => e.budget == Budget::Call,
            _ => false,
        }
    }

    getters! {
        /// A connection that could not be established.
        is_connect(&self) -> bool = matches!(self, Self::Transport(e) if e.is_connect());
        /// A 2xx body that did not decode.
        is_decode(&self) -> bool = matches!(self, Self::Decode(_));
    }

    /// Whether the same request may succeed later: a status or transport failure that
    /// [`RetryPolicy`](crate::retry::RetryPolicy) retries for at least the methods safe to repeat.
    /// All else (bodies over the limit, invalid input, budgets) is final.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(e) => crate::retry::transport_may_succeed_later(&e.source),
            _ => self
                .api()
                .is_some_and(|r| crate::retry::status_may_succeed_later(r.status)),
        }
    }
}

const _: () = {
    const fn assert_send_sync_static<T: Send + Sync + 'static>() {}
    assert_send_sync_static::<Error>();
};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn get(path: &str) -> RequestInfo {
        RequestInfo {
            method: Method::GET,
            path: path.to_owned(),
        }
    }

    #[test]
    fn kinds_are_matchable_and_unknown_kinds_are_kept() {
        let table = [
            ("token_missing", ApiErrorKind::TokenMissing),
            ("token_invalid", ApiErrorKind::TokenInvalid),
            ("project_required", ApiErrorKind::ProjectRequired),
            ("request_invalid", ApiErrorKind::RequestInvalid),
            ("url_required", ApiErrorKind::UrlRequired),
            ("format_unsupported", ApiErrorKind::FormatUnsupported),
            ("payment_required", ApiErrorKind::PaymentRequired),
            ("task_not_found", ApiErrorKind::TaskNotFound),
            ("run_not_found", ApiErrorKind::RunNotFound),
            ("automation_not_found", ApiErrorKind::AutomationNotFound),
            ("internal_error", ApiErrorKind::InternalError),
            ("brand_new", ApiErrorKind::Other("brand_new".into())),
        ];
        for (text, kind) in table {
            assert_eq!(ApiErrorKind::from(text), kind);
            assert_eq!(kind.as_str(), text);
        }
    }

    fn api_error(status: u16) -> Error {
        Error::Api(Box::new(ApiError {
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            retry_after: None,
            request: get("/tasks/task_x"),
            body: Body::Api {
                kind: ApiErrorKind::from("x"),
                message: "The task does not exist.".into(),
            },
        }))
    }

    #[test]
    fn each_status_is_retryable_or_not() {
        let table: [(u16, bool); 13] = [
            (400, false),
            (401, false),
            (402, false),
            (403, false),
            (404, false),
            (405, false),
            (408, true),
            (410, false),
            (429, true),
            (500, false),
            (502, true),
            (503, true),
            (504, true),
        ];
        for (code, retryable) in table {
            let err = api_error(code);
            assert_eq!(err.is_retryable(), retryable, "{code}");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(code));
            assert!(!err.is_decode() && !err.is_timeout() && !err.is_connect());
            assert_eq!(err.request().map(RequestInfo::path), Some("/tasks/task_x"));
        }
    }

    #[test]
    fn errors_without_a_response_answer_no_response_question() {
        let err = Error::invalid("bad id");
        assert_eq!(err.to_string(), "invalid request: bad id");
        assert!(err.status().is_none() && err.headers().is_none());
        assert!(err.retry_after().is_none() && err.request().is_none() && err.api_kind().is_none());
        assert!(!err.is_retryable());
    }
}
