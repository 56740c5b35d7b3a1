//! The fault settings: which requests fail ([`FaultSchedule`]) and how ([`Fault`]).

use std::time::Duration;

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
