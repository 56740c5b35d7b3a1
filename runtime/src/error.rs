//! The one error type every operation returns, and the API's error vocabulary.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to the API.
///
/// Each variant carries a boxed payload so that `Result<T, Error>` stays small. Match on the
/// variant to handle a class of failure, or use the predicates ([`Error::is_not_found`],
/// [`Error::is_rate_limited`], [`Error::is_retryable`], …) when only the question matters.
///
/// ```
/// # use ittybit_runtime::{ApiErrorKind, Error};
/// fn explain(err: &Error) -> String {
///     match err {
///         Error::Api(api) if *api.kind() == ApiErrorKind::TaskNotFound => "no such task".into(),
///         err if err.is_rate_limited() => format!("slow down: retry after {:?}", err.retry_after()),
///         err => err.to_string(),
///     }
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status and its `{kind, message}` error body.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered with an error status but without the API's error body: a proxy's
    /// HTML page, an empty body, or JSON lacking `kind`/`message`.
    #[error("{0}")]
    Status(Box<StatusError>),
    /// A success (2xx) body that does not decode into the expected type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The request could not be completed: connection refused or reset, timeout, TLS failure.
    #[error("{0}")]
    Transport(Box<TransportError>),
    /// A list walk refused to continue: a loop, an empty page claiming more, or a next link to
    /// another origin.
    #[error("{0}")]
    Pagination(Box<PaginationError>),
    /// The request was refused before anything was sent (an invalid id, limit or body).
    #[error("invalid request: {0}")]
    InvalidRequest(Box<str>),
    /// The client could not be configured (missing key, plain-HTTP base URL, …).
    #[error("invalid client configuration: {0}")]
    Config(Box<str>),
    /// A wait for a resource to finish passed its deadline.
    #[error("{0}")]
    Deadline(Box<DeadlineError>),
}

/// The method and path of the request an error belongs to, e.g. `GET /tasks/task_x`.
///
/// Only the path is kept: never the query string, the host or any header.
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
        write!(f, "{} {}", self.method, self.path)
    }
}

/// An error answered by the API with its documented `{kind, message}` body.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) kind: ApiErrorKind,
    pub(crate) message: String,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) headers: HeaderMap,
    pub(crate) request: RequestInfo,
}

impl ApiError {
    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The status category (one per code the API documents, plus [`StatusCategory::Other`]).
    #[must_use]
    pub fn category(&self) -> StatusCategory {
        StatusCategory::from_status(self.status)
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

    /// The delay the server asked for in `Retry-After`, if any.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The response headers.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request this error answered.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message.trim().trim_end_matches('.');
        write!(
            f,
            "{}: {}: {} ({})",
            StatusDisplay(self.status),
            self.kind,
            message,
            self.request
        )?;
        write_retry_after(f, self.retry_after)
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
}

/// An error status whose body is not the API's error object.
#[derive(Debug, Clone)]
pub struct StatusError {
    pub(crate) status: StatusCode,
    pub(crate) body: UnexpectedBody,
    pub(crate) content_type: Option<String>,
    pub(crate) excerpt: String,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) headers: HeaderMap,
    pub(crate) request: RequestInfo,
}

impl StatusError {
    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The status category.
    #[must_use]
    pub fn category(&self) -> StatusCategory {
        StatusCategory::from_status(self.status)
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

    /// The start of the body (at most [`EXCERPT_LEN`] bytes, lossily decoded).
    #[must_use]
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }

    /// The delay the server asked for in `Retry-After`, if any.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The response headers.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request this error answered.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", StatusDisplay(self.status))?;
        match self.body {
            UnexpectedBody::Empty => write!(f, "empty error body")?,
            UnexpectedBody::NotJson => {
                let ct = self.content_type.as_deref().unwrap_or("no content type");
                write!(f, "non-JSON error body ({ct}): {:?}", self.excerpt)?;
            }
            UnexpectedBody::MissingFields => {
                write!(f, "error body without kind/message: {:?}", self.excerpt)?;
            }
        }
        write!(f, " ({})", self.request)?;
        write_retry_after(f, self.retry_after)
    }
}

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

    /// The start of the body (at most [`EXCERPT_LEN`] bytes, lossily decoded).
    #[must_use]
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode {} response to {} at `{}`: {}; body ({} bytes): {:?}",
            StatusDisplay(self.status),
            self.request,
            self.path,
            self.message,
            self.body_len,
            self.excerpt
        )
    }
}

/// The request did not complete at the transport level.
#[derive(Debug)]
pub struct TransportError {
    pub(crate) request: RequestInfo,
    pub(crate) attempts: u32,
    pub(crate) source: reqwest::Error,
}

impl TransportError {
    /// The request that failed.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }

    /// How many attempts were made before giving up.
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the failure was a timeout.
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether the connection could not be established.
    #[must_use]
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_timeout() {
            "timed out"
        } else if self.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        write!(f, "{} {what}", self.request)?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        // The chain is printed without the URL: it may carry query values.
        let mut source: Option<&dyn std::error::Error> = Some(&self.source);
        while let Some(err) = source {
            write!(f, ": {err}")?;
            source = err.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// Why a list walk stopped with an error instead of looping or leaking the key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// A next link pointed at another origin (scheme, host or port) than the base URL. No
    /// request was sent there.
    CrossOrigin {
        /// The refused link's origin (`scheme://host:port`); its path and query are not kept.
        link_origin: String,
        /// The client's base origin.
        base_origin: String,
    },
    /// A next URL that was already visited in this walk.
    Loop {
        /// The repeated URL's path and query.
        url: String,
    },
    /// A page with no items that still claimed more results.
    EmptyPageClaimsMore {
        /// The path and query of the page's request.
        url: String,
    },
    /// A next link that is not a valid URL reference.
    InvalidLink {
        /// The link target as sent.
        target: String,
    },
    /// A resume cursor that belongs to another list than the one being walked.
    CursorMismatch {
        /// The cursor's path.
        cursor: String,
        /// The path of the resource being walked.
        expected: String,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CrossOrigin {
                link_origin,
                base_origin,
            } => write!(
                f,
                "refused a next link to {link_origin}: it is not the API's origin {base_origin}"
            ),
            Self::Loop { url } => write!(f, "pagination loop: {url} was already visited"),
            Self::EmptyPageClaimsMore { url } => {
                write!(f, "page {url} is empty but claims more results")
            }
            Self::InvalidLink { target } => write!(f, "invalid next link {target:?}"),
            Self::CursorMismatch { cursor, expected } => {
                write!(f, "cursor for {cursor} cannot resume a walk of {expected}")
            }
        }
    }
}

impl std::error::Error for PaginationError {}

impl From<PaginationError> for Error {
    fn from(error: PaginationError) -> Self {
        Self::Pagination(Box::new(error))
    }
}

/// A wait for a resource to reach a terminal state passed its deadline.
#[derive(Debug, Clone)]
pub struct DeadlineError {
    pub(crate) path: String,
    pub(crate) waited: Duration,
    pub(crate) last_status: Option<String>,
}

impl DeadlineError {
    /// The path of the resource waited on.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// How long the wait lasted.
    #[must_use]
    pub fn waited(&self) -> Duration {
        self.waited
    }

    /// The last status seen, if any read succeeded.
    #[must_use]
    pub fn last_status(&self) -> Option<&str> {
        self.last_status.as_deref()
    }
}

impl fmt::Display for DeadlineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} did not finish within {:.1}s",
            self.path,
            self.waited.as_secs_f64()
        )?;
        if let Some(status) = &self.last_status {
            write!(f, " (last status: {status})")?;
        }
        Ok(())
    }
}

/// The status codes the API documents for errors, plus everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusCategory {
    /// 400: missing or invalid parameters.
    BadRequest,
    /// 401: no key, or an invalid key.
    Unauthorized,
    /// 402: a payment issue on the account.
    PaymentRequired,
    /// 403: the key may not access this resource.
    Forbidden,
    /// 404: the resource does not exist.
    NotFound,
    /// 405: the endpoint does not support this method.
    MethodNotAllowed,
    /// 408: the server timed out waiting for the request.
    RequestTimeout,
    /// 429: rate limited.
    TooManyRequests,
    /// 500: server fault.
    InternalServerError,
    /// 502: bad gateway.
    BadGateway,
    /// 503: temporarily offline.
    ServiceUnavailable,
    /// Any other status (a proxy's 504, a 410, a 413, …).
    Other(StatusCode),
}

impl StatusCategory {
    /// The category of a status code.
    #[must_use]
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            402 => Self::PaymentRequired,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            405 => Self::MethodNotAllowed,
            408 => Self::RequestTimeout,
            429 => Self::TooManyRequests,
            500 => Self::InternalServerError,
            502 => Self::BadGateway,
            503 => Self::ServiceUnavailable,
            _ => Self::Other(status),
        }
    }
}

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

impl Error {
    /// The HTTP status, when the server answered.
    #[must_use]
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Status(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The status of an error response (not of a 2xx that failed to decode).
    fn error_status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Status(e) => Some(e.status),
            _ => None,
        }
    }

    /// The status category of an error status.
    #[must_use]
    pub fn category(&self) -> Option<StatusCategory> {
        self.error_status().map(StatusCategory::from_status)
    }

    /// The API's error `kind`, when the body was the API's error object.
    #[must_use]
    pub fn api_kind(&self) -> Option<&ApiErrorKind> {
        match self {
            Self::Api(e) => Some(&e.kind),
            _ => None,
        }
    }

    /// The response headers of an error status.
    #[must_use]
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api(e) => Some(&e.headers),
            Self::Status(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// The delay the server asked for in `Retry-After`.
    #[must_use]
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Api(e) => e.retry_after,
            Self::Status(e) => e.retry_after,
            _ => None,
        }
    }

    /// The request an error belongs to, when one was built.
    #[must_use]
    pub fn request(&self) -> Option<&RequestInfo> {
        match self {
            Self::Api(e) => Some(&e.request),
            Self::Status(e) => Some(&e.request),
            Self::Decode(e) => Some(&e.request),
            Self::Transport(e) => Some(&e.request),
            _ => None,
        }
    }

    fn category_is(&self, category: StatusCategory) -> bool {
        self.category() == Some(category)
    }

    /// 400 Bad Request.
    #[must_use]
    pub fn is_bad_request(&self) -> bool {
        self.category_is(StatusCategory::BadRequest)
    }

    /// 401 Unauthorized: no key, or an invalid key.
    #[must_use]
    pub fn is_unauthorized(&self) -> bool {
        self.category_is(StatusCategory::Unauthorized)
    }

    /// 402 Payment Required.
    #[must_use]
    pub fn is_payment_required(&self) -> bool {
        self.category_is(StatusCategory::PaymentRequired)
    }

    /// 403 Forbidden.
    #[must_use]
    pub fn is_forbidden(&self) -> bool {
        self.category_is(StatusCategory::Forbidden)
    }

    /// 404 Not Found.
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        self.category_is(StatusCategory::NotFound)
    }

    /// 429 Too Many Requests.
    #[must_use]
    pub fn is_rate_limited(&self) -> bool {
        self.category_is(StatusCategory::TooManyRequests)
    }

    /// Any 5xx status.
    #[must_use]
    pub fn is_server_error(&self) -> bool {
        self.error_status().is_some_and(|s| s.is_server_error())
    }

    /// A transport timeout.
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport(e) if e.is_timeout())
    }

    /// A connection that could not be established.
    #[must_use]
    pub fn is_connect(&self) -> bool {
        matches!(self, Self::Transport(e) if e.is_connect())
    }

    /// A 2xx body that did not decode.
    #[must_use]
    pub fn is_decode(&self) -> bool {
        matches!(self, Self::Decode(_))
    }

    /// Whether sending the same request again later may succeed: 408, 429, 502, 503, 504 and
    /// transport failures. These are the failures the client's retry policy retries (transport
    /// failures and 408/502/504 only for requests that are safe to repeat).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) => true,
            _ => self
                .error_status()
                .is_some_and(crate::retry::is_retryable_status),
        }
    }
}

/// How many bytes of a body an error keeps.
pub const EXCERPT_LEN: usize = 256;

/// The first [`EXCERPT_LEN`] bytes of a body, cut on a character boundary, lossily decoded.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_LEN)]);
    let mut text = text.into_owned();
    if body.len() > EXCERPT_LEN {
        // A multi-byte character cut in half decodes to U+FFFD at the very end: drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    text
}

struct StatusDisplay(StatusCode);

impl fmt::Display for StatusDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.canonical_reason() {
            Some(reason) => write!(f, "{} {reason}", self.0.as_u16()),
            None => write!(f, "{}", self.0.as_u16()),
        }
    }
}

fn write_retry_after(f: &mut fmt::Formatter<'_>, retry_after: Option<Duration>) -> fmt::Result {
    match retry_after {
        Some(delay) => write!(f, ", retry after {}s", delay.as_secs_f64().ceil()),
        None => Ok(()),
    }
}

const _: () = {
    const fn assert_send_sync_static<T: Send + Sync + 'static>() {}
    assert_send_sync_static::<Error>();
};

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> RequestInfo {
        RequestInfo {
            method: Method::GET,
            path: "/tasks/task_x".into(),
        }
    }

    fn api_error(status: u16, kind: &str, retry_after: Option<Duration>) -> Error {
        Error::Api(Box::new(ApiError {
            status: StatusCode::from_u16(status).unwrap(),
            kind: ApiErrorKind::from(kind),
            message: "The task does not exist.".into(),
            retry_after,
            headers: HeaderMap::new(),
            request: request(),
        }))
    }

    #[test]
    fn api_error_displays_as_one_line() {
        let err = api_error(404, "task_not_found", None);
        assert_eq!(
            err.to_string(),
            "404 Not Found: task_not_found: The task does not exist (GET /tasks/task_x)"
        );
        let err = api_error(429, "rate_limited", Some(Duration::from_secs(30)));
        assert!(
            err.to_string()
                .ends_with("(GET /tasks/task_x), retry after 30s")
        );
    }

    #[test]
    fn status_error_shows_content_type_and_excerpt() {
        let err = Error::Status(Box::new(StatusError {
            status: StatusCode::BAD_GATEWAY,
            body: UnexpectedBody::NotJson,
            content_type: Some("text/html".into()),
            excerpt: excerpt(b"<html><body>Bad gateway</body></html>"),
            retry_after: None,
            headers: HeaderMap::new(),
            request: request(),
        }));
        assert_eq!(
            err.to_string(),
            "502 Bad Gateway: non-JSON error body (text/html): \"<html><body>Bad gateway</body></html>\" (GET /tasks/task_x)"
        );
        assert!(err.is_server_error() && err.is_retryable() && err.api_kind().is_none());
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

    #[test]
    fn every_documented_status_has_a_category_and_predicates_agree() {
        type Predicate<'a> = &'a dyn Fn(&Error) -> bool;
        let table: [(u16, StatusCategory, Predicate, bool); 12] = [
            (
                400,
                StatusCategory::BadRequest,
                &Error::is_bad_request,
                false,
            ),
            (
                401,
                StatusCategory::Unauthorized,
                &Error::is_unauthorized,
                false,
            ),
            (
                402,
                StatusCategory::PaymentRequired,
                &Error::is_payment_required,
                false,
            ),
            (403, StatusCategory::Forbidden, &Error::is_forbidden, false),
            (404, StatusCategory::NotFound, &Error::is_not_found, false),
            (
                405,
                StatusCategory::MethodNotAllowed,
                &|e| e.status().unwrap() == 405,
                false,
            ),
            (
                408,
                StatusCategory::RequestTimeout,
                &|e| e.status().unwrap() == 408,
                true,
            ),
            (
                429,
                StatusCategory::TooManyRequests,
                &Error::is_rate_limited,
                true,
            ),
            (
                500,
                StatusCategory::InternalServerError,
                &Error::is_server_error,
                false,
            ),
            (
                502,
                StatusCategory::BadGateway,
                &Error::is_server_error,
                true,
            ),
            (
                503,
                StatusCategory::ServiceUnavailable,
                &Error::is_server_error,
                true,
            ),
            (
                504,
                StatusCategory::Other(StatusCode::GATEWAY_TIMEOUT),
                &Error::is_server_error,
                true,
            ),
        ];
        for (code, category, predicate, retryable) in table {
            let err = api_error(code, "x", None);
            assert_eq!(err.category(), Some(category), "{code}");
            assert!(predicate(&err), "{code}");
            assert_eq!(err.is_retryable(), retryable, "{code}");
            assert!(!err.is_decode());
        }
        let gone = api_error(410, "gone", None);
        assert_eq!(
            gone.category(),
            Some(StatusCategory::Other(StatusCode::GONE))
        );
        assert!(!gone.is_not_found() && !gone.is_retryable());
    }

    #[test]
    fn excerpt_is_bounded_and_cut_on_a_char_boundary() {
        let body = "é".repeat(EXCERPT_LEN);
        let text = excerpt(body.as_bytes());
        assert!(text.len() <= EXCERPT_LEN + '…'.len_utf8());
        assert!(text.ends_with('…'));
        assert!(!text.contains('\u{FFFD}'));
        assert_eq!(excerpt(b"short"), "short");
    }
}
