//! The HTTP plumbing every route shares: responses and `{kind, message}` errors, extractors
//! and request bodies decoded into serde types, list queries and responses, the front door
//! (recording, latency, faults, authentication, the rate cap), and handlers that work for any
//! stored resource.

use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::uri::Authority;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::config::{Fault, RetryAfter};
use crate::model::{EVENT_KINDS, TASK_KINDS};
use crate::state::{RecordedRequest, ServerState, SharedState};
use crate::store::{
    Collection, Order, Page, PageQuery, Resource, Stored, UnknownCursor, now_unix, percent_decode,
};

/// `GET /{resources}/{id}`: the object, or `404 {resource}_not_found`.
pub(crate) async fn show<T: Stored + Serialize>(
    State(state): State<SharedState>,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let mut store = state.store();
    let item = store
        .read::<T>(&id)
        .ok_or_else(|| ApiError::missing::<T>(&id))?;
    Ok(json(StatusCode::OK, item))
}

/// `GET /{resources}` without filters.
pub(crate) async fn list<T: Stored + Serialize>(
    State(state): State<SharedState>,
    request: ListRequest,
) -> Result<Response, ApiError> {
    request.respond(T::collection(&state.store()), |_| true)
}

/// `DELETE /{resources}/{id}`: `204`, or `404 {resource}_not_found`.
pub(crate) async fn remove<T: Stored>(
    State(state): State<SharedState>,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let mut store = state.store();
    let (items, _) = T::parts(&mut store);
    items
        .remove(&id)
        .ok_or_else(|| ApiError::missing::<T>(&id))?;
    Ok(no_content())
}

/// Stores the object `build` makes from a fresh id and the current time, and answers `201`
/// with it.
pub(crate) fn create<T: Stored + Serialize>(
    state: &ServerState,
    build: impl FnOnce(String, i64) -> T,
) -> Response {
    let now = now_unix();
    let mut store = state.store();
    let item = store.create(|id| build(id, now));
    json(StatusCode::CREATED, item)
}

/// Applies `change` (given the current time) to the object with this id and answers `200` with
/// it, or `404 {resource}_not_found`.
pub(crate) fn update<T: Stored + Serialize>(
    state: &ServerState,
    id: &str,
    change: impl FnOnce(&mut T, i64),
) -> Result<Response, ApiError> {
    let mut store = state.store();
    let (items, _) = T::parts(&mut store);
    let item = items
        .get_mut(id)
        .ok_or_else(|| ApiError::missing::<T>(id))?;
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

/// An API error: a status code, a `snake_case` kind and a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    status: StatusCode,
    kind: Cow<'static, str>,
    message: String,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        kind: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            kind: kind.into(),
            message: message.into(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "request_invalid", message)
    }

    /// `404` with a resource-specific kind such as `task_not_found`.
    pub(crate) fn not_found(
        kind: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(StatusCode::NOT_FOUND, kind, message)
    }

    /// `404` for an unknown id of resource `T`, e.g. `task_not_found`.
    pub(crate) fn missing<T: Resource>(id: &str) -> Self {
        let kind = format!("{}_not_found", T::NOUN.replace(' ', "_"));
        Self::not_found(kind, format!("The {} `{id}` does not exist.", T::NOUN))
    }

    /// `404 not_found` for a path no route matches.
    pub(crate) fn route_not_found(path: &str) -> Self {
        Self::not_found(
            "not_found",
            format!("No endpoint matches the path `{path}`."),
        )
    }

    pub(crate) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This endpoint does not support this method.",
        )
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", message)
    }
}

impl From<UnknownCursor> for ApiError {
    /// `400 request_invalid` naming the cursor parameter.
    fn from(cursor: UnknownCursor) -> Self {
        Self::invalid(format!(
            "The `{}` parameter `{}` does not match any {}.",
            cursor.param, cursor.id, cursor.noun
        ))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"kind": self.kind, "message": self.message});
        json(self.status, &body)
    }
}

/// A JSON object request body (`Content-Type: application/json`); an empty body counts as `{}`.
#[derive(Debug, Clone)]
pub(crate) struct JsonObject(pub(crate) Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(is_json_content_type);
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            let status = rejection.status();
            let kind = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "request_too_large"
            } else {
                "request_invalid"
            };
            ApiError::new(
                status,
                kind,
                format!(
                    "The request body could not be read: {}.",
                    rejection.body_text()
                ),
            )
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(Map::new()));
        }
        if !is_json {
            return Err(ApiError::invalid(
                "Requests with a body must send `Content-Type: application/json`.",
            ));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(object)) => Ok(Self(object)),
            Ok(_) => Err(ApiError::invalid("The request body must be a JSON object.")),
            Err(err) => Err(ApiError::invalid(format!(
                "The request body is not valid JSON: {err}."
            ))),
        }
    }
}

/// Whether a `Content-Type` value denotes JSON.
fn is_json_content_type(value: &str) -> bool {
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|subtype| subtype.ends_with("+json"))
}

/// The `{id}` segment of the path, percent-decoded.
#[derive(Debug, Clone)]
pub(crate) struct Id(pub(crate) String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Self(id)),
            Err(rejection) => Err(ApiError::invalid(format!(
                "The id in the path is invalid: {}.",
                rejection.body_text()
            ))),
        }
    }
}

/// Who sent the request (a request extension): the id of the created key used, or `None` for
/// the server's own key.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub(crate) key_id: Option<String>,
}

/// Decodes a JSON object body into the request type `T`; a field that is missing or does not
/// fit is `400 request_invalid` naming it by its path, such as `tasks[0].next[1].kind`.
pub(crate) fn decode<T: DeserializeOwned>(body: &Map<String, Value>) -> Result<T, ApiError> {
    let value = Value::Object(body.clone());
    serde_path_to_error::deserialize(&value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.inner().to_string();
        let missing = inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
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
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "url_required",
            "The `url` field is required: the URL of the source media.",
        ));
    }
    Ok(())
}

/// Declares string fields of request bodies that decode only when `$valid` holds, else fail
/// with "must be $what, not `…`".
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
    TaskKind: |kind| TASK_KINDS.split(' ').any(|known| known == kind), one_of(TASK_KINDS);
    /// A known event kind: a webhook topic.
    Topic: |kind| EVENT_KINDS.split(' ').any(|known| known == kind), one_of(EVENT_KINDS);
    /// The URL of source media.
    SourceUrl: |url| has_scheme(url, "http") || has_scheme(url, "https"), "an http or https URL";
    /// An automation's status.
    AutomationStatus: |status| ["active", "paused"].contains(&status), "`active` or `paused`";
}

/// `one of a, b, c` for the space-separated names `a b c`.
fn one_of(names: &str) -> String {
    format!("one of {}", names.replace(' ', ", "))
}

/// Whether `url` is an absolute URL with `scheme` and a non-empty host.
pub(crate) fn has_scheme(url: &str, scheme: &str) -> bool {
    url.split_once("://").is_some_and(|(found, rest)| {
        found.eq_ignore_ascii_case(scheme)
            && rest
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|host| !host.is_empty())
            && !url.chars().any(char::is_whitespace)
    })
}

/// Whether `url` is a plain-HTTP URL whose host is a loopback address: `localhost`, an address
/// in `127.0.0.0/8`, or `[::1]`.
pub(crate) fn is_loopback_http(url: &str) -> bool {
    let uri = url
        .parse::<axum::http::Uri>()
        .ok()
        .filter(|_| has_scheme(url, "http"));
    uri.as_ref()
        .and_then(axum::http::Uri::host)
        .is_some_and(|host| {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            host.eq_ignore_ascii_case("localhost")
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
}

/// A list request: its query plus what is needed to build absolute `Link` URLs.
#[derive(Debug, Clone)]
pub(crate) struct ListRequest {
    pub(crate) query: ListQuery,
    /// The `Host` the client addressed.
    host: String,
    /// The raw request path.
    path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for ListRequest {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = ListQuery::parse(parts.uri.query())?;
        // Only a well-formed authority goes into the `Link` URL; anything else in `Host` could
        // break out of the `<…>`.
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .and_then(|host| host.parse::<Authority>().ok())
            .or_else(|| parts.uri.authority().cloned())
            .map_or_else(|| "localhost".to_owned(), |host| host.to_string());
        Ok(Self {
            query,
            host,
            path: parts.uri.path().to_owned(),
        })
    }
}

impl ListRequest {
    /// The filter parameter `name`, if given.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query.param(name)
    }

    /// The `200` response listing the page of `items` this request asks for among those `keep`
    /// accepts; `400 request_invalid` for an unknown cursor.
    pub(crate) fn respond<T: Serialize + Resource>(
        &self,
        items: &Collection<T>,
        keep: impl Fn(&T) -> bool,
    ) -> Result<Response, ApiError> {
        let page = items.page(&self.query.page, keep)?;
        Ok(self.page_response(&page))
    }

    /// A bare JSON array plus `Has-More`, `Limit` and, when more items exist,
    /// `Link: <http://{host}{path}?…&after={last id}>; rel="next"`.
    fn page_response<T: Serialize + Resource>(&self, page: &Page<'_, T>) -> Response {
        let mut response = json(StatusCode::OK, &page.items);
        if response.status() != StatusCode::OK {
            return response;
        }
        let headers = response.headers_mut();
        headers.insert(
            HeaderName::from_static("has-more"),
            HeaderValue::from_static(if page.has_more { "true" } else { "false" }),
        );
        headers.insert(
            HeaderName::from_static("limit"),
            HeaderValue::from(self.query.page.limit),
        );
        if let Some(last) = page.items.last().filter(|_| page.has_more) {
            let link = format!(
                "<http://{}{}?{}>; rel=\"next\"",
                self.host,
                self.path,
                self.query.next_query(last.id())
            );
            if let Ok(value) = HeaderValue::from_str(&link) {
                headers.insert(header::LINK, value);
            }
        }
        response
    }
}

/// The page size when the request names none.
pub(crate) const DEFAULT_LIMIT: usize = 20;
/// The largest page size a request may ask for.
pub(crate) const MAX_LIMIT: usize = 100;

/// The parsed query of a list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    pub(crate) page: PageQuery,
    /// Every parameter, decoded, in request order.
    params: Vec<(String, String)>,
    /// The raw `key=value` pairs other than `after` and `before`, kept for the next link.
    kept: Vec<String>,
}

impl ListQuery {
    /// Parses a raw (percent-encoded) query string. Unknown parameters are kept but ignored.
    pub(crate) fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut params = Vec::new();
        let mut kept = Vec::new();
        for pair in raw.unwrap_or("").split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let malformed = |why| {
                ApiError::invalid(format!("The query parameter `{pair}` is malformed: {why}."))
            };
            let (key, value) = (
                percent_decode(key, true).map_err(malformed)?,
                percent_decode(value, true).map_err(malformed)?,
            );
            if key != "after" && key != "before" {
                kept.push(pair.to_owned());
            }
            params.push((key, value));
        }
        let mut query = Self {
            page: PageQuery {
                limit: DEFAULT_LIMIT,
                after: None,
                before: None,
                order: Order::Desc,
            },
            params,
            kept,
        };
        if let Some(limit) = query.param("limit") {
            query.page.limit = limit
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    ApiError::invalid(format!(
                        "The `limit` parameter must be an integer from 1 to {MAX_LIMIT}, not `{limit}`."
                    ))
                })?;
        }
        if let Some(order) = query.param("order") {
            query.page.order = match order {
                "asc" => Order::Asc,
                "desc" => Order::Desc,
                other => {
                    return Err(ApiError::invalid(format!(
                        "The `order` parameter must be `asc` or `desc`, not `{other}`."
                    )));
                }
            };
        }
        query.page.after = query.cursor("after");
        query.page.before = query.cursor("before");
        Ok(query)
    }

    /// A non-empty cursor parameter.
    fn cursor(&self, name: &str) -> Option<String> {
        self.param(name)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// The decoded value of a parameter (the last one when repeated).
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The query of the next page: every parameter but `after`/`before`, then `after=<id>`.
    pub(crate) fn next_query(&self, last_id: &str) -> String {
        let mut query = self.kept.join("&");
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("after=");
        query.push_str(&encode(last_id));
        query
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(value: &str) -> String {
    let encode = |byte: u8| match byte {
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
            char::from(byte).to_string()
        }
        _ => format!("%{byte:02X}"),
    };
    value.bytes().map(encode).collect()
}

/// Runs in front of every route, including unknown ones.
pub(crate) async fn front_door(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let number = state.arrive();
    let method = request.method().to_string();
    let path_and_query = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    tracing::debug!(number, %method, %path_and_query, "request");
    let fault = state.fault_for(number);
    if !state.latency.is_zero() {
        tokio::time::sleep(state.latency).await;
    }
    let response = match fault {
        Some(fault) => fault_response(fault),
        None => admit(&state, request, next).await,
    };
    state.record(RecordedRequest {
        method,
        path_and_query,
        status: response.status().as_u16(),
    });
    response
}

/// Authenticates the request and applies its key's rate cap before the route answers it.
async fn admit(state: &SharedState, mut request: Request, next: Next) -> Response {
    let caller = match authenticate(state, request.headers()) {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    if let Err(wait) = state.admit(caller.key_id.as_deref(), std::time::Instant::now()) {
        return throttled(wait);
    }
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// Checks the `Authorization` header: `Bearer <key>` with the server's key or the secret of a
/// live created key, else `401 token_missing` (no key sent) or `401 token_invalid`.
fn authenticate(state: &ServerState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let unauthorized = |kind, message| ApiError::new(StatusCode::UNAUTHORIZED, kind, message);
    let missing = || {
        unauthorized(
            "token_missing",
            "No API key was sent. Send `Authorization: Bearer <key>`.",
        )
    };
    let invalid = || {
        unauthorized(
            "token_invalid",
            "The API key is not valid. Check the key, or create a new one.",
        )
    };
    let value = headers.get(header::AUTHORIZATION).ok_or_else(missing)?;
    let value = value.to_str().map_err(|_| invalid())?.trim();
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        None if value.eq_ignore_ascii_case("bearer") => "",
        _ => {
            return Err(unauthorized(
                "token_invalid",
                "The Authorization header must have the form `Bearer <key>`.",
            ));
        }
    };
    if token.is_empty() {
        return Err(missing());
    }
    if token == state.api_key {
        return Ok(Caller { key_id: None });
    }
    let key_id = state.store().key_for_secret(token).map(str::to_owned);
    key_id
        .map(|key_id| Caller {
            key_id: Some(key_id),
        })
        .ok_or_else(invalid)
}

/// The HTML body of an injected `502 Bad Gateway`, shaped like a reverse proxy's error page.
const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The last second an HTTP date can express (9999-12-31 23:59:59 UTC); later `Retry-After`
/// dates are clamped to it.
const LATEST_HTTP_DATE: Duration = Duration::from_secs(253_402_300_799);

/// The `429` of the rate cap, when a token is available after `wait` (in whole seconds, rounded
/// up, at least one).
fn throttled(wait: Duration) -> Response {
    let part = u64::from(wait.subsec_nanos() > 0);
    rate_limited(HeaderValue::from(
        wait.as_secs().saturating_add(part).max(1),
    ))
}

/// The response a scheduled fault answers.
fn fault_response(fault: Fault) -> Response {
    match fault {
        Fault::RateLimited { retry_after } => rate_limited(retry_after_value(retry_after)),
        Fault::Unavailable => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            "The service is temporarily unavailable. Try again later.",
        )
        .into_response(),
        Fault::InternalError => {
            ApiError::internal("Something went wrong on our side. Try again later.").into_response()
        }
        Fault::BadGateway => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            BAD_GATEWAY_HTML,
        )
            .into_response(),
    }
}

/// The `Retry-After` value for a response sent now.
fn retry_after_value(retry_after: RetryAfter) -> HeaderValue {
    let text = match retry_after {
        RetryAfter::Seconds(seconds) => seconds.to_string(),
        RetryAfter::HttpDate(after) => {
            let latest = UNIX_EPOCH + LATEST_HTTP_DATE;
            let at = SystemTime::now()
                .max(UNIX_EPOCH)
                .checked_add(after)
                .map_or(latest, |at| at.min(latest));
            httpdate::fmt_http_date(at)
        }
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("1"))
}

/// A `429 rate_limited` response carrying `retry_after`.
fn rate_limited(retry_after: HeaderValue) -> Response {
    let error = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many requests. Wait for the time given in the Retry-After header, then retry.",
    );
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
