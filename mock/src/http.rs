//! The HTTP plumbing routes share: responses, errors, extractors, lists, the front door.

use std::net::IpAddr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::uri::Authority;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::config::{Fault, RetryAfter};
use crate::model::{EVENT_KINDS, TASK_KINDS};
use crate::state::{RecordedRequest, ServerState, SharedState};
use crate::store::{Collection, Order, PageQuery, Resource, Stored, now_unix, percent_decode};

/// `GET /{resources}/{id}`: the object, or `404 {resource}_not_found`.
pub(crate) async fn show<T: Stored + Serialize>(State(state): Shared, Id(id): Id) -> Answer {
    let mut store = state.store();
    let missing = || ApiError::missing::<T>(&id);
    let item = store.read::<T>(&id).ok_or_else(missing)?;
    Ok(json(StatusCode::OK, item))
}

/// `GET /{resources}` without filters.
pub(crate) async fn list<T: Stored + Serialize>(State(state): Shared, req: ListRequest) -> Answer {
    req.respond(T::collection(&state.store()), |_| true)
}

/// `DELETE /{resources}/{id}`: `204`, or `404 {resource}_not_found`.
pub(crate) async fn remove<T: Stored>(State(state): Shared, Id(id): Id) -> Answer {
    match T::parts(&mut state.store()).0.remove(&id) {
        Some(_) => Ok(no_content()),
        None => Err(ApiError::missing::<T>(&id)),
    }
}

/// Stores the object `build` makes from a fresh id and the current time; answers `201`.
pub(crate) fn create<T: Stored + Serialize>(
    state: &ServerState,
    build: impl FnOnce(String, i64) -> T,
) -> Response {
    let (now, mut store) = (now_unix(), state.store());
    json(StatusCode::CREATED, store.create(|id| build(id, now)))
}

/// Applies `change` (given the current time) to the object with this id; answers `200` with it.
pub(crate) fn update<T: Stored + Serialize>(
    state: &ServerState,
    id: &str,
    change: impl FnOnce(&mut T, i64),
) -> Answer {
    let mut store = state.store();
    let item = T::parts(&mut store).0.get_mut(id);
    let item = item.ok_or_else(|| ApiError::missing::<T>(id))?;
    change(item, now_unix());
    Ok(json(StatusCode::OK, item))
}

pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(err) => {
            ApiError::internal(format!("Could not encode the response: {err}.")).into_response()
        }
    }
}

pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// What a handler answers.
pub(crate) type Answer = Result<Response, ApiError>;

/// The server state as handlers extract it.
pub(crate) type Shared = State<SharedState>;

/// An API error: a status code, a `snake_case` kind and a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError(StatusCode, String, String);

impl ApiError {
    pub(crate) fn new(status: StatusCode, kind: &str, message: impl Into<String>) -> Self {
        Self(status, kind.to_owned(), message.into())
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "request_invalid", message)
    }

    /// `404 {noun}_not_found` (spaces become `_`) for an object that does not exist.
    pub(crate) fn not_found(noun: &str, what: &str) -> Self {
        let kind = format!("{}_not_found", noun.replace(' ', "_"));
        let message = format!("The {noun} `{what}` does not exist.");
        Self::new(StatusCode::NOT_FOUND, &kind, message)
    }

    /// `404` for an unknown id of resource `T`, e.g. `task_not_found`.
    pub(crate) fn missing<T: Resource>(id: &str) -> Self {
        Self::not_found(T::NOUN, id)
    }

    /// `404 not_found` for a path no route matches.
    pub(crate) fn route_not_found(path: &str) -> Self {
        let message = format!("No endpoint matches the path `{path}`.");
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub(crate) fn method_not_allowed() -> Self {
        let message = "This endpoint does not support this method.";
        let status = StatusCode::METHOD_NOT_ALLOWED;
        Self::new(status, "method_not_allowed", message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", message)
    }
}

impl From<String> for ApiError {
    /// `400 request_invalid` with this message.
    fn from(message: String) -> Self {
        Self::invalid(message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"kind": self.1, "message": self.2});
        json(self.0, &body)
    }
}

/// A JSON object request body (`Content-Type: application/json`); an empty body counts as `{}`.
#[derive(Debug, Clone)]
pub(crate) struct Body(pub(crate) Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = |value: &HeaderValue| value.to_str().is_ok_and(is_json_content_type);
        let is_json = req.headers().get(header::CONTENT_TYPE).is_some_and(json);
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            let status = rejection.status();
            let kind = match status {
                StatusCode::PAYLOAD_TOO_LARGE => "request_too_large",
                _ => "request_invalid",
            };
            let message = rejection.body_text();
            let message = format!("The request body could not be read: {message}.");
            ApiError::new(status, kind, message)
        })?;
        match serde_json::from_slice::<Value>(&bytes) {
            _ if bytes.iter().all(u8::is_ascii_whitespace) => Ok(Self(Map::new())),
            _ if !is_json => Err(ApiError::invalid(
                "Requests with a body must send `Content-Type: application/json`.",
            )),
            Ok(Value::Object(object)) => Ok(Self(object)),
            Ok(_) => Err(ApiError::invalid("The request body must be a JSON object.")),
            Err(err) => Err(format!("The request body is not valid JSON: {err}.").into()),
        }
    }
}

/// Whether a `Content-Type` value denotes JSON.
fn is_json_content_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or("");
    let essence = essence.trim().to_ascii_lowercase();
    let subtype = essence.strip_prefix("application/");
    subtype.is_some_and(|subtype| subtype == "json" || subtype.ends_with("+json"))
}

/// The `{id}` segment of the path, percent-decoded.
#[derive(Debug, Clone)]
pub(crate) struct Id(pub(crate) String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Self(id)),
            Err(why) => Err(format!("The id in the path is invalid: {}.", why.body_text()).into()),
        }
    }
}

/// Who sent the request (a request extension): the created key's id, `None` for the server's.
#[derive(Debug, Clone)]
pub(crate) struct Caller(pub(crate) Option<String>);

/// Decodes a body into `T`; a bad field is `400 request_invalid` naming its path (`tasks[0].kind`).
pub(crate) fn decode<T: DeserializeOwned>(body: &Map<String, Value>) -> Result<T, ApiError> {
    let value = Value::Object(body.clone());
    serde_path_to_error::deserialize(&value).map_err(|err| {
        let (path, inner) = (err.path().to_string(), err.inner().to_string());
        let missing = inner.strip_prefix("missing field `");
        let missing = missing.and_then(|f| f.strip_suffix('`'));
        ApiError::invalid(match missing {
            Some(field) if path == "." => format!("The `{field}` field is required."),
            Some(field) => format!("The `{path}.{field}` field is required."),
            None if inner.starts_with("must ") => format!("The `{path}` field {inner}."),
            None => format!("The `{path}` field is invalid: {inner}."),
        })
    })
}

/// `400 url_required` unless the body has a `url` that is not `null`: the source of a task.
pub(crate) fn require_url(body: &Map<String, Value>) -> Result<(), ApiError> {
    if body.get("url").is_none_or(Value::is_null) {
        let message = "The `url` field is required: the URL of the source media.";
        let status = StatusCode::BAD_REQUEST;
        return Err(ApiError::new(status, "url_required", message));
    }
    Ok(())
}

/// Declares string fields that decode only when `$valid` holds (else "must be $what, not `…`").
macro_rules! checked_string {
    ($($(#[$doc:meta])* $name:ident: $valid:expr, $what:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(try_from = "String")]
        pub(crate) struct $name(pub(crate) String);

        impl TryFrom<String> for $name {
            type Error = String;

            fn try_from(value: String) -> Result<Self, String> {
                let valid: fn(&str) -> bool = $valid;
                if valid(&value) { Ok(Self(value)) } else { Err(format!("must be {}, not `{value}`", $what)) }
            }
        }
    )*};
}

checked_string! {
    /// A known task kind.
    TaskKind: |kind| TASK_KINDS.split(' ').any(|k| k == kind), format!("one of {}", TASK_KINDS.replace(' ', ", "));
    /// A known event kind: a webhook topic.
    Topic: |kind| EVENT_KINDS.split(' ').any(|k| k == kind), format!("one of {}", EVENT_KINDS.replace(' ', ", "));
    /// The URL of source media.
    SourceUrl: |url| has_scheme(url, "http") || has_scheme(url, "https"), "an http or https URL";
    /// An automation's status.
    AutomationStatus: |status| ["active", "paused"].contains(&status), "`active` or `paused`";
}

/// Whether `url` is an absolute URL with `scheme` and a non-empty host.
pub(crate) fn has_scheme(url: &str, scheme: &str) -> bool {
    let has_host = |rest: &str| !rest.is_empty() && !rest.starts_with(['/', '?', '#']);
    let found = url.split_once("://");
    found.is_some_and(|(found, rest)| found.eq_ignore_ascii_case(scheme) && has_host(rest))
        && !url.contains(char::is_whitespace)
}

/// Whether `url` is plain HTTP to a loopback host: `localhost`, `127.0.0.0/8` or `[::1]`.
pub(crate) fn is_loopback_http(url: &str) -> bool {
    let uri = url.parse::<Uri>().ok();
    let host = uri.as_ref().and_then(Uri::host).unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    has_scheme(url, "http") && (loopback || host.eq_ignore_ascii_case("localhost"))
}

/// A list request: its query, and the host and path that absolute `Link` URLs need.
#[derive(Debug, Clone)]
pub(crate) struct ListRequest {
    query: ListQuery,
    host: String,
    path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for ListRequest {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = ListQuery::parse(parts.uri.query())?;
        // Only a well-formed authority goes into the `Link` URL, so nothing breaks out of `<…>`.
        let authority = |host: &HeaderValue| host.to_str().ok()?.parse::<Authority>().ok();
        let host = parts.headers.get(header::HOST).and_then(authority);
        let host = host.or_else(|| parts.uri.authority().cloned());
        let host = host.map_or_else(|| "localhost".to_owned(), |host| host.to_string());
        let path = parts.uri.path().to_owned();
        Ok(Self { query, host, path })
    }
}

impl ListRequest {
    /// The filter parameter `name`, if given.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        find(&self.query.params, name)
    }

    /// The page of the `items` `keep` accepts, with `Has-More`, `Limit` and a next `Link`.
    pub(crate) fn respond<T: Serialize + Resource>(
        &self,
        items: &Collection<T>,
        keep: impl Fn(&T) -> bool,
    ) -> Answer {
        let (page, has_more) = items.page(&self.query.page, keep)?;
        let mut response = json(StatusCode::OK, &page);
        if response.status() == StatusCode::OK {
            let next = page.last().filter(|_| has_more).map(|last| {
                let query = self.query.next_query(last.id());
                format!("<http://{}{}?{query}>; rel=\"next\"", self.host, self.path)
            });
            let more = if has_more { "true" } else { "false" };
            let headers = response.headers_mut();
            headers.insert("has-more", HeaderValue::from_static(more));
            headers.insert("limit", HeaderValue::from(self.query.page.limit));
            let next = next.and_then(|link| HeaderValue::from_str(&link).ok());
            headers.extend(next.map(|link| (header::LINK, link)));
        }
        Ok(response)
    }
}

/// The page size when the request names none.
pub(crate) const DEFAULT_LIMIT: usize = 20;
/// The largest page size a request may ask for.
pub(crate) const MAX_LIMIT: usize = 100;

/// A list request's query: the page, and every `(pair as sent, name, value)` in request order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    pub(crate) page: PageQuery,
    params: Vec<(String, String, String)>,
}

impl ListQuery {
    pub(crate) fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut params = Vec::new();
        for pair in raw.unwrap_or("").split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let malformed = |why| format!("The query parameter `{pair}` is malformed: {why}.");
            let decode = |part| percent_decode(part, true).map_err(&malformed);
            params.push((pair.to_owned(), decode(key)?, decode(value)?));
        }
        let param = |name| find(&params, name);
        let limit = param("limit").map_or(Ok(DEFAULT_LIMIT), |limit| {
            let valid = limit.parse().ok().filter(|n| (1..=MAX_LIMIT).contains(n));
            let why = format!("must be an integer from 1 to {MAX_LIMIT}, not `{limit}`");
            valid.ok_or_else(|| format!("The `limit` parameter {why}."))
        })?;
        let order = match param("order") {
            None | Some("desc") => Ok(Order::Desc),
            Some("asc") => Ok(Order::Asc),
            Some(other) => Err(format!(
                "The `order` parameter must be `asc` or `desc`, not `{other}`."
            )),
        }?;
        let cursor = |name| param(name).filter(|id| !id.is_empty()).map(str::to_owned);
        let page = PageQuery {
            limit,
            after: cursor("after"),
            before: cursor("before"),
            order,
        };
        Ok(Self { page, params })
    }

    /// The query of the next page: every parameter as sent but `after`/`before`, then `after=<id>`.
    pub(crate) fn next_query(&self, last_id: &str) -> String {
        let cursor = |key: &str| key == "after" || key == "before";
        let kept = self.params.iter().filter(|(_, key, _)| !cursor(key));
        let after = format!("after={}", encode(last_id));
        let pairs = kept.map(|(pair, ..)| pair.as_str()).chain([after.as_str()]);
        pairs.collect::<Vec<_>>().join("&")
    }
}

/// The decoded value of the last parameter named `name`.
fn find<'a>(params: &'a [(String, String, String)], name: &str) -> Option<&'a str> {
    let mut named = params.iter().rev().filter(|(_, key, _)| key == name);
    named.next().map(|(.., value)| value.as_str())
}

/// Percent-encodes everything but unreserved characters.
fn encode(value: &str) -> String {
    let encode = |b: u8| match char::from(b) {
        c if c.is_ascii_alphanumeric() || "-_.~".contains(c) => c.to_string(),
        _ => format!("%{b:02X}"),
    };
    value.bytes().map(encode).collect()
}

/// Runs in front of every route, including unknown ones.
pub(crate) async fn front_door(State(state): Shared, request: Request, next: Next) -> Response {
    let number = state.arrive();
    let method = request.method().to_string();
    let uri = request.uri();
    let path_and_query = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    let path_and_query = path_and_query.to_owned();
    tracing::debug!(number, %method, %path_and_query, "request");
    let fault = state.fault_for(number);
    if !state.latency.is_zero() {
        tokio::time::sleep(state.latency).await;
    }
    let response = match fault {
        Some(fault) => fault_response(fault),
        None => admit(&state, request, next).await.unwrap_or_else(|r| r),
    };
    let status = response.status().as_u16();
    state.record(RecordedRequest {
        method,
        path_and_query,
        status,
    });
    response
}

/// Authenticates the request and applies its key's rate cap before the route answers it.
async fn admit(state: &SharedState, mut req: Request, next: Next) -> Result<Response, Response> {
    let caller = authenticate(state, req.headers()).map_err(IntoResponse::into_response)?;
    let key = caller.0.as_deref();
    state.admit(key, Instant::now()).map_err(throttled)?;
    req.extensions_mut().insert(caller);
    Ok(next.run(req).await)
}

/// Checks `Authorization: Bearer <key>`, else `401 token_missing` or `401 token_invalid`.
fn authenticate(state: &ServerState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let unauthorized = |kind, message| ApiError::new(StatusCode::UNAUTHORIZED, kind, message);
    let missing = "No API key was sent. Send `Authorization: Bearer <key>`.";
    let missing = || unauthorized("token_missing", missing);
    let invalid = "The API key is not valid. Check the key, or create a new one.";
    let invalid = || unauthorized("token_invalid", invalid);
    let value = headers.get(header::AUTHORIZATION).ok_or_else(missing)?;
    let value = value.to_str().map_err(|_| invalid())?.trim();
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        None if value.eq_ignore_ascii_case("bearer") => "",
        _ => {
            let message = "The Authorization header must have the form `Bearer <key>`.";
            return Err(unauthorized("token_invalid", message));
        }
    };
    let key_id = match token {
        "" => return Err(missing()),
        _ if token == state.api_key => None,
        _ => Some(state.store().key_for_secret(token).ok_or_else(invalid)?),
    };
    Ok(Caller(key_id))
}

/// The HTML body of an injected `502 Bad Gateway`, shaped like a reverse proxy's error page.
const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The last second an HTTP date can express (9999-12-31 23:59:59 UTC), where dates are clamped.
const LATEST_HTTP_DATE: Duration = Duration::from_secs(253_402_300_799);

/// The `429` of the rate cap, when a token is available after `wait` (whole seconds, at least 1).
fn throttled(wait: Duration) -> Response {
    let part = u64::from(wait.subsec_nanos() > 0);
    let seconds = wait.as_secs().saturating_add(part);
    rate_limited(HeaderValue::from(seconds.max(1)))
}

/// The response a scheduled fault answers.
fn fault_response(fault: Fault) -> Response {
    match fault {
        Fault::RateLimited { retry_after } => rate_limited(retry_after_value(retry_after)),
        Fault::Unavailable => {
            let message = "The service is temporarily unavailable. Try again later.";
            let status = StatusCode::SERVICE_UNAVAILABLE;
            ApiError::new(status, "service_unavailable", message).into_response()
        }
        Fault::InternalError => {
            ApiError::internal("Something went wrong on our side. Try again later.").into_response()
        }
        Fault::BadGateway => {
            let html = [(header::CONTENT_TYPE, "text/html; charset=utf-8")];
            (StatusCode::BAD_GATEWAY, html, BAD_GATEWAY_HTML).into_response()
        }
    }
}

/// The `Retry-After` value for a response sent now.
fn retry_after_value(retry_after: RetryAfter) -> HeaderValue {
    let text = match retry_after {
        RetryAfter::Seconds(seconds) => seconds.to_string(),
        RetryAfter::HttpDate(after) => {
            let latest = UNIX_EPOCH + LATEST_HTTP_DATE;
            let at = SystemTime::now().max(UNIX_EPOCH).checked_add(after);
            httpdate::fmt_http_date(at.map_or(latest, |at| at.min(latest)))
        }
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("1"))
}

/// A `429 rate_limited` response carrying `retry_after`.
fn rate_limited(retry_after: HeaderValue) -> Response {
    let message =
        "Too many requests. Wait for the time given in the Retry-After header, then retry.";
    let error = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message);
    ([(header::RETRY_AFTER, retry_after)], error).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn recognises_json_content_types() {
        assert!(is_json_content_type("application/json"));
        assert!(is_json_content_type("Application/JSON; charset=utf-8"));
        assert!(is_json_content_type("application/merge-patch+json"));
        assert!(!is_json_content_type("text/plain"));
        assert!(!is_json_content_type("application/x-www-form-urlencoded"));
    }

    #[test]
    fn checks_url_schemes() {
        assert!(has_scheme("https://example.com/a.mp4", "https"));
        assert!(has_scheme("HTTP://example.com", "http"));
        assert!(!has_scheme("https://", "https"));
        assert!(!has_scheme("ftp://example.com", "https"));
        assert!(!has_scheme("example.com", "https"));
        assert!(!has_scheme("https://exa mple.com", "https"));
    }

    #[test]
    fn recognises_loopback_http_urls() {
        for url in [
            "http://127.0.0.1:8080/hooks",
            "http://127.1.2.3",
            "HTTP://localhost:1/x?y#z",
            "http://[::1]:9000/",
            "http://user:pw@127.0.0.1:80/",
        ] {
            assert!(is_loopback_http(url), "{url}");
        }
        for url in [
            "https://127.0.0.1/",
            "http://example.com/",
            "http://127.0.0.1.example.com/",
            "http://10.0.0.1/",
            "http://127.0.0.1@example.com/",
            "http://[::2]/",
            "http://",
            "http://local host/",
        ] {
            assert!(!is_loopback_http(url), "{url}");
        }
    }

    #[test]
    fn decoding_names_the_field_at_fault() {
        #[derive(Debug, Deserialize)]
        struct Step {
            _kind: TaskKind,
            _next: Option<Vec<Step>>,
        }
        let message = |body: Value| {
            let Value::Object(body) = body else {
                unreachable!()
            };
            format!("{:?}", decode::<Step>(&body).unwrap_err())
        };
        assert!(message(json!({})).contains("The `_kind` field is required."));
        assert!(
            message(json!({"_kind": "video", "_next": [{"_kind": "warp"}]}))
                .contains("The `_next[0]._kind` field must be one of video, ")
        );
        assert!(message(json!({"_kind": 3})).contains(
            "The `_kind` field is invalid: invalid type: integer `3`, expected a string."
        ));
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;

    use proptest::prelude::*;

    /// A query component, decoded.
    fn decode(raw: &str) -> Result<String, &'static str> {
        percent_decode(raw, true)
    }

    #[test]
    fn decodes_form_components_strictly() {
        assert_eq!(decode("a%20b+c").unwrap(), "a b c");
        assert_eq!(decode("%E2%9C%93").unwrap(), "\u{2713}");
        assert_eq!(decode("%2b%2B%7e").unwrap(), "++~");
        assert_eq!(decode("").unwrap(), "");
        for bad in ["%+1", "%-1", "100%", "%4", "%zz", "%%41", "a%g0", "% 1"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
        assert!(decode("%FF").is_err(), "not UTF-8");
        assert!(ListQuery::parse(Some("after=%+1")).is_err());
        assert!(ListQuery::parse(Some("%zz=1")).is_err());
    }

    proptest! {
        #[test]
        fn decoding_undoes_encoding(text in "\\PC*") {
            prop_assert_eq!(decode(&encode(&text)).unwrap(), text);
        }

        #[test]
        fn a_percent_without_two_hex_digits_is_an_error(
            before in "\\PC*",
            after in "[^0-9A-Fa-f]\\PC*",
            one in "[0-9A-Fa-f]?",
        ) {
            let inside = format!("{before}%{one}{after}");
            let at_the_end = format!("{before}%{one}");
            prop_assert!(decode(&inside).is_err());
            prop_assert!(decode(&at_the_end).is_err());
        }

        #[test]
        fn any_input_decodes_or_errs_without_panicking(raw in "\\PC*") {
            let _ = decode(&raw);
        }
    }

    #[test]
    fn parses_defaults_and_bounds() {
        let query = ListQuery::parse(None).unwrap();
        assert_eq!(
            (query.page.limit, query.page.order),
            (DEFAULT_LIMIT, Order::Desc)
        );
        for bad in [
            "limit=0",
            "limit=101",
            "limit=-1",
            "limit=abc",
            "limit=",
            "limit=1.5",
        ] {
            assert!(ListQuery::parse(Some(bad)).is_err(), "{bad}");
        }
        assert!(ListQuery::parse(Some("order=up")).is_err());
        assert_eq!(
            ListQuery::parse(Some("limit=100&x=1")).unwrap().page.limit,
            100
        );
    }

    #[test]
    fn next_query_keeps_params_and_replaces_cursors() {
        let query =
            ListQuery::parse(Some("limit=5&before=task_a&status=queued&after=task_b")).unwrap();
        assert_eq!(
            query.next_query("task_c"),
            "limit=5&status=queued&after=task_c"
        );
        assert_eq!(
            ListQuery::parse(None).unwrap().next_query("x y"),
            "after=x%20y"
        );
    }
}
