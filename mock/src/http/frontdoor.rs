//! The middleware every request passes first: it counts and records the request, applies the
//! latency, answers scheduled faults, authenticates (bearer tokens: the server's own key, or
//! the secret of a created key), applies the key's rate cap (a `429` when exhausted), and
//! turns axum's empty `405` into a JSON error.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::{Fault, RetryAfter};
use crate::http::request::Caller;
use crate::http::respond::ApiError;
use crate::state::{RecordedRequest, ServerState, SharedState};

/// Runs in front of every route, including unknown ones.
pub(crate) async fn front_door(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let number = state.log().arrive();
    let method = request.method().to_string();
    let path_and_query = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    tracing::debug!(number, %method, %path_and_query, "request");
    let fault = state.fault_for(number);
    if !state.latency().is_zero() {
        tokio::time::sleep(state.latency()).await;
    }
    let response = match fault {
        Some(fault) => fault_response(fault),
        None => admit(&state, request, next).await,
    };
    state.log().record(RecordedRequest {
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
    if let Err(wait) = state.admit(caller.key_id.as_deref()) {
        return throttled(wait);
    }
    request.extensions_mut().insert(caller);
    json_405(next.run(request).await)
}

/// Gives a `405` without a JSON body one, keeping its `Allow` header.
fn json_405(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::METHOD_NOT_ALLOWED || is_json {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut json = ApiError::method_not_allowed().into_response();
    if let Some(allow) = allow {
        json.headers_mut().insert(header::ALLOW, allow);
    }
    json
}

/// Checks the `Authorization` header.
///
/// No header (or an empty token) is `401 token_missing`; anything other than `Bearer <key>` with
/// the server's key or the secret of a live created key is `401 token_invalid`.
fn authenticate(state: &ServerState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(missing());
    };
    let value = value.to_str().map_err(|_| invalid())?.trim();
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        None if value.eq_ignore_ascii_case("bearer") => "",
        _ => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "token_invalid",
                "The Authorization header must have the form `Bearer <key>`.",
            ));
        }
    };
    if token.is_empty() {
        return Err(missing());
    }
    if token == state.api_key() {
        return Ok(Caller { key_id: None });
    }
    match state.store().key_for_secret(token) {
        Some(key_id) => Ok(Caller {
            key_id: Some(key_id.to_owned()),
        }),
        None => Err(invalid()),
    }
}

/// `401 token_missing`.
fn missing() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "token_missing",
        "No API key was sent. Send `Authorization: Bearer <key>`.",
    )
}

/// `401 token_invalid`.
fn invalid() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "token_invalid",
        "The API key is not valid. Check the key, or create a new one.",
    )
}

/// The HTML body of an injected `502 Bad Gateway`, shaped like a reverse proxy's error page.
const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The last second an HTTP date can express (9999-12-31 23:59:59 UTC); later `Retry-After`
/// dates are clamped to it.
const LATEST_HTTP_DATE: Duration = Duration::from_secs(253_402_300_799);

/// The `429` of the rate cap, when a token is available after `wait`.
fn throttled(wait: Duration) -> Response {
    rate_limited(HeaderValue::from(whole_seconds(wait)))
}

/// The whole seconds to wait for a token: rounded up, at least one.
fn whole_seconds(wait: Duration) -> u64 {
    let part = u64::from(wait.subsec_nanos() > 0);
    wait.as_secs().saturating_add(part).max(1)
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
