//! The rate cap: one token bucket per API key, shared by every connection, and a count of the
//! requests it turned away.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::config::RateCap;
use crate::state::lock::lock;

/// A token bucket holding up to `capacity` tokens, refilled at `rate` tokens a second.
#[derive(Debug, Clone, Copy)]
struct TokenBucket {
    capacity: f64,
    rate: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket for `cap`.
    fn full(cap: RateCap, now: Instant) -> Self {
        let capacity = f64::from(cap.requests);
        Self {
            capacity,
            rate: capacity / cap.per.as_secs_f64(),
            tokens: capacity,
            last: now,
        }
    }

    /// Takes a token, or says how long until one is available.
    fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            // A tiny rate (a cap per century) waits longer than a `Duration` can say.
            Err(Duration::try_from_secs_f64((1.0 - self.tokens) / self.rate)
                .unwrap_or(Duration::MAX))
        }
    }
}

/// The per-key rate cap of one server.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    cap: Option<RateCap>,
    /// One bucket per key: `None` is the server's own key, `Some(id)` a created key.
    buckets: Mutex<HashMap<Option<String>, TokenBucket>>,
    throttled: AtomicU64,
}

impl RateLimiter {
    /// A limiter for `cap` (`None`: no cap).
    pub(crate) fn new(cap: Option<RateCap>) -> Self {
        Self {
            cap: cap.filter(|cap| cap.requests > 0 && !cap.per.is_zero()),
            buckets: Mutex::new(HashMap::new()),
            throttled: AtomicU64::new(0),
        }
    }

    /// Lets a request of `key` through, or says how long until its key may send again (and
    /// counts the refusal).
    pub(crate) fn admit(&self, key: Option<&str>, now: Instant) -> Result<(), Duration> {
        let Some(cap) = self.cap else {
            return Ok(());
        };
        let mut buckets = lock(&self.buckets);
        let bucket = buckets
            .entry(key.map(str::to_owned))
            .or_insert_with(|| TokenBucket::full(cap, now));
        bucket.take(now).inspect_err(|_| {
            self.throttled.fetch_add(1, Ordering::Relaxed);
        })
    }

    /// How many requests the cap has answered `429`.
    pub(crate) fn throttled(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_a_bucket_that_refills_over_time() {
        let start = Instant::now();
        let limiter = RateLimiter::new(Some(RateCap {
            requests: 2,
            per: Duration::from_secs(1),
        }));
        assert!(limiter.admit(None, start).is_ok());
        assert!(limiter.admit(None, start).is_ok());
        let wait = limiter.admit(None, start).unwrap_err();
        assert!(wait <= Duration::from_millis(500), "{wait:?}");
        assert!(limiter.admit(Some("key_a"), start).is_ok(), "another key");
        assert!(
            limiter
                .admit(None, start + Duration::from_millis(600))
                .is_ok()
        );
        assert_eq!(limiter.throttled(), 1);
    }

    #[test]
    fn degenerate_caps_do_not_panic() {
        let start = Instant::now();
        let never = RateLimiter::new(Some(RateCap {
            requests: 1,
            per: Duration::MAX,
        }));
        assert!(never.admit(None, start).is_ok());
        assert!(never.admit(None, start).unwrap_err() > Duration::from_secs(1 << 40));
        for cap in [
            RateCap {
                requests: 0,
                per: Duration::from_secs(1),
            },
            RateCap {
                requests: 5,
                per: Duration::ZERO,
            },
        ] {
            let open = RateLimiter::new(Some(cap));
            assert!((0..100).all(|_| open.admit(None, start).is_ok()));
        }
    }
}
