//! The responses of injected faults and of the rate cap.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::faults::{Fault, RetryAfter};
use crate::http::errors::ApiError;

/// The HTML body of an injected `502 Bad Gateway`, shaped like a reverse proxy's error page.
const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The last second an HTTP date can express (9999-12-31 23:59:59 UTC); later `Retry-After`
/// dates are clamped to it.
const LATEST_HTTP_DATE: Duration = Duration::from_secs(253_402_300_799);

/// The `429` of the rate cap, when a token is available after `wait`.
pub(crate) fn throttled(wait: Duration) -> Response {
    rate_limited(HeaderValue::from(whole_seconds(wait)))
}

/// The whole seconds to wait for a token: rounded up, at least one.
fn whole_seconds(wait: Duration) -> u64 {
    let seconds = wait.as_secs();
    if wait.subsec_nanos() > 0 {
        seconds.saturating_add(1).max(1)
    } else {
        seconds.max(1)
    }
}

/// The response a scheduled fault answers.
pub(crate) fn response(fault: Fault) -> Response {
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
        Fault::BadGateway => {
            let mut response = (StatusCode::BAD_GATEWAY, BAD_GATEWAY_HTML).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        }
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
    let mut response = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many requests. Wait for the time given in the Retry-After header, then retry.",
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, retry_after);
    response
}
