//! Fault decisions: the scheduled rules and the token-bucket rate cap, decided before any
//! handler runs so that a faulted request changes no state.

use std::time::{Duration, Instant};

use crate::faults::{Fault, FaultSchedule};

/// What replaces a request instead of the API answering it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Injected {
    /// A scheduled fault.
    Fault(Fault),
    /// The rate cap: a token is available after this long.
    Limited(Duration),
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
            Err(Duration::try_from_secs_f64((1.0 - self.tokens) / self.rate)
                .unwrap_or(Duration::MAX))
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

    /// What replaces request number `n`, if anything. The rate cap is checked first, like a
    /// limiter in front of the API; every rule then sees every request.
    pub(crate) fn decide(&mut self, n: u64, now: Instant) -> Option<Injected> {
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
        limited
            .map(Injected::Limited)
            .or(picked.map(Injected::Fault))
    }
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
