//! When and how long to wait before sending a request again, every decision read from one table.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// How the client retries failed requests (the one statement of the rule, which
/// [`Error::is_retryable`](crate::Error::is_retryable) and generated docs follow):
/// - 429 and 503, for every method, after `Retry-After` (delta-seconds or an HTTP-date) or else
///   an exponential backoff; one over [`max_retry_after`](Self::max_retry_after) is not slept:
///   the error is returned with its [`retry_after`](crate::Error::retry_after) to decide on.
/// - 408, 502, 504, timeouts and failures after sending, with exponential backoff and full
///   jitter, only for methods safe to repeat (GET, HEAD, PUT, DELETE, OPTIONS): a POST or PATCH
///   may already have been processed.
/// - A connection that could not be established, for every method: nothing was sent.
/// - Nothing else: other statuses, a request that could not be built, a body over the limit. No
///   retry sleeps past the call budget ([`crate::ClientBuilder::call_timeout`]).
///
/// ```
/// use std::time::Duration;
/// use ittybit_runtime::retry::RetryPolicy;
///
/// let policy = RetryPolicy::default().max_retries(5).max_backoff(Duration::from_secs(2));
/// assert_eq!(RetryPolicy::disabled(), RetryPolicy::default().max_retries(0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    /// Also the longest shared pause (see [`limit`](crate::limit)).
    pub(crate) max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, backoff from 250 ms up to 8 s, `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_mins(1),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    #[must_use]
    pub fn disabled() -> Self {
        Self::default().max_retries(0)
    }

    crate::client::setters! {
        /// How many times a request may be sent again after the first attempt (0 disables retries).
        max_retries(retries: u32) => max_retries = retries;
        /// The backoff ceiling before the first retry; it doubles on each further retry.
        initial_backoff(delay: Duration) => initial_backoff = delay;
        /// The largest backoff ceiling.
        max_backoff(delay: Duration) => max_backoff = delay;
        /// The longest `Retry-After` the client sleeps; a longer one returns the error instead.
        max_retry_after(delay: Duration) => max_retry_after = delay;
    }

    /// Full jitter: a random delay up to the exponential ceiling for this retry (1-based).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// The delay before retry `retry` (1-based); `None` when out of retries or asked past the cap.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if retry > self.max_retries {
            return None;
        }
        match retry_after {
            Some(delay) if delay > self.max_retry_after => None,
            Some(delay) => Some(delay),
            None => Some(self.backoff(retry)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Retry,
    /// The failure is final, or repeating the request is unsafe.
    Stop,
}

/// For which methods a failed status may be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusRule {
    /// The server says it did not process the request.
    Always,
    /// The request may have been processed.
    IfIdempotent,
}

/// The statuses a retry may fix, and for which methods; every other status is final.
const RETRYABLE_STATUSES: [(u16, StatusRule); 5] = [
    (408, StatusRule::IfIdempotent),
    (429, StatusRule::Always),
    (502, StatusRule::IfIdempotent),
    (503, StatusRule::Always),
    (504, StatusRule::IfIdempotent),
];

fn status_rule(status: StatusCode) -> Option<StatusRule> {
    RETRYABLE_STATUSES
        .iter()
        .find(|(code, _)| *code == status.as_u16())
        .map(|(_, rule)| *rule)
}

/// Methods whose repetition has no further effect (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Whether a request answered with `status` may succeed if sent again (for some method).
pub(crate) fn status_may_succeed_later(status: StatusCode) -> bool {
    status_rule(status).is_some()
}

/// May a request that got this error status be sent again?
pub(crate) fn for_status(method: &Method, status: StatusCode) -> Verdict {
    match status_rule(status) {
        Some(StatusRule::Always) => Verdict::Retry,
        Some(StatusRule::IfIdempotent) if is_idempotent(method) => Verdict::Retry,
        _ => Verdict::Stop,
    }
}

/// Whether a transport failure may go away: not when the request could not be built.
pub(crate) fn transport_may_succeed_later(error: &reqwest::Error) -> bool {
    !error.is_builder()
}

/// May a request that failed in transport be sent again? A failed connect (even one that timed
/// out) sent nothing; anything later may have reached the server.
pub(crate) fn for_transport(method: &Method, error: &reqwest::Error) -> Verdict {
    if transport_may_succeed_later(error) && (error.is_connect() || is_idempotent(method)) {
        Verdict::Retry
    } else {
        Verdict::Stop
    }
}

/// `Retry-After` as delta-seconds (too many: [`Duration::MAX`]) or an HTTP-date (a past one:
/// now); a malformed value is absent.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            value
                .parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert("retry-after", HeaderValue::from_str(value).unwrap());
        map
    }

    #[test]
    fn retry_after_table() {
        let now = httpdate::parse_http_date("Wed, 25 Nov 2026 12:00:00 GMT").unwrap();
        let cases = [
            ("1", Some(Duration::from_secs(1))),
            (" 120 ", Some(Duration::from_mins(2))),
            ("0", Some(Duration::ZERO)),
            (
                "Wed, 25 Nov 2026 12:00:30 GMT",
                Some(Duration::from_secs(30)),
            ),
            ("Wed, 25 Nov 2026 11:00:00 GMT", Some(Duration::ZERO)),
            ("-5", None),
            ("99999999999999999999999", Some(Duration::MAX)),
            ("18446744073709551616", Some(Duration::MAX)),
            ("1.5", None),
            ("soon", None),
            ("", None),
        ];
        for (value, want) in cases {
            assert_eq!(retry_after(&headers(value), now), want, "{value:?}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    proptest::proptest! {
        #![proptest_config(crate::property_config())]

        #[test]
        fn any_retry_after_value_is_read_without_panicking(value in "[ -~]{0,40}") {
            if let Ok(value) = HeaderValue::from_str(&value) {
                let mut map = HeaderMap::new();
                map.insert("retry-after", value);
                let _ = retry_after(&map, SystemTime::now());
            }
        }

        #[test]
        fn seconds_are_exact_and_overflow_saturates(digits in "[0-9]{1,40}") {
            let got = retry_after(&headers(&digits), SystemTime::now());
            let want = digits.parse::<u64>().map_or(Duration::MAX, Duration::from_secs);
            proptest::prop_assert_eq!(got, Some(want));
        }

        #[test]
        fn dates_are_the_time_until_them(offset in 0u64..10_000_000, past in proptest::bool::ANY) {
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
            let at = if past { now - Duration::from_secs(offset) } else { now + Duration::from_secs(offset) };
            let got = retry_after(&headers(&httpdate::fmt_http_date(at)), now);
            let want = if past { Duration::ZERO } else { Duration::from_secs(offset) };
            proptest::prop_assert_eq!(got, Some(want));
        }
    }

    #[test]
    fn the_setters_set_the_policy() {
        let policy = RetryPolicy::default()
            .max_retries(7)
            .max_retry_after(Duration::from_secs(9));
        assert_eq!(policy.max_retries, 7);
        assert_eq!(policy.max_retry_after, Duration::from_secs(9));
        assert_eq!(RetryPolicy::disabled().max_retries, 0);
    }

    #[test]
    fn a_request_that_could_not_be_built_is_never_sent_again() {
        let unbuildable = reqwest::Client::new().get("no scheme").build().unwrap_err();
        assert!(unbuildable.is_builder());
        assert!(!transport_may_succeed_later(&unbuildable));
        assert_eq!(for_transport(&Method::GET, &unbuildable), Verdict::Stop);
    }

    #[test]
    fn status_verdicts_depend_on_method_safety() {
        let cases = [
            (429, Verdict::Retry, Verdict::Retry),
            (503, Verdict::Retry, Verdict::Retry),
            (408, Verdict::Retry, Verdict::Stop),
            (502, Verdict::Retry, Verdict::Stop),
            (504, Verdict::Retry, Verdict::Stop),
            (500, Verdict::Stop, Verdict::Stop),
            (400, Verdict::Stop, Verdict::Stop),
            (404, Verdict::Stop, Verdict::Stop),
        ];
        for (code, get, post) in cases {
            let status = StatusCode::from_u16(code).unwrap();
            assert_eq!(for_status(&Method::GET, status), get, "GET {code}");
            assert_eq!(for_status(&Method::POST, status), post, "POST {code}");
            assert_eq!(for_status(&Method::PATCH, status), post, "PATCH {code}");
            assert_eq!(for_status(&Method::DELETE, status), get, "DELETE {code}");
        }
    }

    #[test]
    fn delay_honours_retry_after_up_to_the_cap_and_counts_retries() {
        let policy = RetryPolicy::default()
            .max_retries(2)
            .max_retry_after(Duration::from_secs(10));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(3))),
            Some(Duration::from_secs(3))
        );
        assert_eq!(policy.delay(1, Some(Duration::from_secs(11))), None);
        // The cap itself is still slept.
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(10))),
            Some(Duration::from_secs(10))
        );
        assert!(policy.delay(2, None).is_some());
        assert_eq!(policy.delay(3, None), None);
        assert_eq!(RetryPolicy::disabled().delay(1, Some(Duration::ZERO)), None);
    }

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_capped_ceiling() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(2) <= Duration::from_millis(200));
            assert!(policy.backoff(3) <= Duration::from_millis(350));
            assert!(policy.backoff(40) <= Duration::from_millis(350));
        }
        // Jitter spreads the delays: 200 draws are not all the same.
        let draws: std::collections::HashSet<_> = (0..200).map(|_| policy.backoff(3)).collect();
        assert!(draws.len() > 100);
    }
}
