//! Fault injection: scheduled failures and a token-bucket rate cap, decided before any handler
//! runs so that a faulted request changes no state.

use std::time::{Duration, Instant, SystemTime};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;

/// The HTML body of an injected `502 Bad Gateway`, shaped like a reverse proxy's error page.
pub(crate) const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The value of a `Retry-After` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAfter {
    /// Delta-seconds form, e.g. `Retry-After: 1`.
    Seconds(u64),
    /// HTTP-date form, e.g. `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`, set to the response
    /// time plus this duration (HTTP dates have one-second resolution).
    HttpDate(Duration),
}

impl Default for RetryAfter {
    /// `Retry-After: 1`.
    fn default() -> Self {
        Self::Seconds(1)
    }
}

impl RetryAfter {
    /// The header value for a response sent now.
    fn header_value(self) -> HeaderValue {
        let text = match self {
            Self::Seconds(seconds) => seconds.to_string(),
            Self::HttpDate(after) => {
                let at = SystemTime::now()
                    .checked_add(after)
                    .unwrap_or_else(SystemTime::now);
                httpdate::fmt_http_date(at)
            }
        };
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("1"))
    }
}

/// What a faulted request answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429 Too Many Requests` with a `Retry-After` header and kind `rate_limited`.
    RateLimited {
        /// The `Retry-After` value.
        retry_after: RetryAfter,
    },
    /// `503 Service Unavailable` with kind `service_unavailable`.
    Unavailable,
    /// `500 Internal Server Error` with kind `internal_error`.
    InternalError,
    /// `502 Bad Gateway` with an HTML body (`text/html`), as a proxy in front of the API would
    /// send.
    BadGateway,
}

impl Fault {
    /// A `429` with `Retry-After: 1`.
    #[must_use]
    pub fn rate_limited() -> Self {
        Self::RateLimited {
            retry_after: RetryAfter::default(),
        }
    }

    /// The response this fault answers.
    fn response(self) -> Response {
        match self {
            Self::RateLimited { retry_after } => rate_limited(retry_after.header_value()),
            Self::Unavailable => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "service_unavailable",
                "The service is temporarily unavailable. Try again later.",
            )
            .into_response(),
            Self::InternalError => {
                ApiError::internal("Something went wrong on our side. Try again later.")
                    .into_response()
            }
            Self::BadGateway => {
                let mut response = (StatusCode::BAD_GATEWAY, BAD_GATEWAY_HTML).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                response
            }
        }
    }
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

/// Which requests a fault rule picks.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum FaultSchedule {
    /// Every k-th request: requests number k, 2k, 3k, … counting every request the server
    /// receives from its start (1-based). `k = 0` never picks a request.
    Every(u64),
    /// Each request with probability `fraction` (clamped to 0–1), drawn from a random generator
    /// seeded with `seed`, so a given sequence of requests faults the same way on every run.
    Fraction {
        /// The probability of a fault, from 0 to 1.
        fraction: f64,
        /// The seed of the random generator.
        seed: u64,
    },
}

impl FaultSchedule {
    /// Every `k`-th request (see [`FaultSchedule::Every`]).
    #[must_use]
    pub fn every(k: u64) -> Self {
        Self::Every(k)
    }

    /// A seeded random `fraction` of requests (see [`FaultSchedule::Fraction`]).
    #[must_use]
    pub fn fraction(fraction: f64, seed: u64) -> Self {
        Self::Fraction { fraction, seed }
    }
}

/// One configured rule with its random generator.
#[derive(Debug)]
struct Rule {
    schedule: FaultSchedule,
    fault: Fault,
    rng: fastrand::Rng,
}

impl Rule {
    /// Whether the rule picks request number `n`. Random rules draw on every request, so each
    /// rule's sequence depends only on the request count.
    fn picks(&mut self, n: u64) -> bool {
        match self.schedule {
            FaultSchedule::Every(k) => k != 0 && n.is_multiple_of(k),
            FaultSchedule::Fraction { fraction, .. } => self.rng.f64() < fraction.clamp(0.0, 1.0),
        }
    }
}

/// A token bucket: `capacity` tokens, refilled at `rate` tokens a second.
#[derive(Debug)]
struct TokenBucket {
    rate: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket.
    fn new(per_second: u32, now: Instant) -> Self {
        Self {
            rate: f64::from(per_second),
            tokens: f64::from(per_second),
            last: now,
        }
    }

    /// Takes a token, or says how long until one is available.
    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.rate);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - self.tokens) / self.rate))
        }
    }
}

/// The fault rules and the rate cap of one server.
#[derive(Debug)]
pub(crate) struct FaultState {
    rules: Vec<Rule>,
    bucket: Option<TokenBucket>,
}

impl FaultState {
    /// State for the configured rules and cap (`0` requests a second means no cap).
    pub(crate) fn new(rules: &[(FaultSchedule, Fault)], per_second: u32) -> Self {
        let rules = rules
            .iter()
            .map(|&(schedule, fault)| Rule {
                schedule,
                fault,
                rng: match schedule {
                    FaultSchedule::Fraction { seed, .. } => fastrand::Rng::with_seed(seed),
                    FaultSchedule::Every(_) => fastrand::Rng::with_seed(0),
                },
            })
            .collect();
        let bucket = (per_second > 0).then(|| TokenBucket::new(per_second, Instant::now()));
        Self { rules, bucket }
    }

    /// The response replacing request number `n`, if it is faulted. The rate cap is checked
    /// first, like a limiter in front of the API; every rule then sees every request.
    pub(crate) fn decide(&mut self, n: u64, now: Instant) -> Option<Response> {
        let limited = self
            .bucket
            .as_mut()
            .and_then(|bucket| bucket.take(now).err());
        let mut picked = None;
        for rule in &mut self.rules {
            if rule.picks(n) && picked.is_none() {
                picked = Some(rule.fault);
            }
        }
        if let Some(wait) = limited {
            let seconds = wait.as_secs_f64().ceil().max(1.0);
            return Some(rate_limited(HeaderValue::from(
                // A wait is at most one second per token, so this never truncates.
                seconds_to_u64(seconds),
            )));
        }
        picked.map(Fault::response)
    }
}

/// Converts a small, non-negative whole number of seconds.
fn seconds_to_u64(seconds: f64) -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = seconds as u64;
    whole
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_refills_over_time() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(2, start);
        assert!(bucket.take(start).is_ok());
        assert!(bucket.take(start).is_ok());
        let wait = bucket.take(start).unwrap_err();
        assert!(wait <= Duration::from_millis(500));
        assert!(bucket.take(start + Duration::from_millis(600)).is_ok());
    }

    #[test]
    fn every_zero_never_picks() {
        let mut state = FaultState::new(&[(FaultSchedule::every(0), Fault::Unavailable)], 0);
        assert!((1..100).all(|n| state.decide(n, Instant::now()).is_none()));
    }
}
