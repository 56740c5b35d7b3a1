//! The adaptive rate: slow start, then a cut on each `429` and a cubic recovery.

use std::time::Duration;

/// What each admission adds to the rate in slow start (requests a second): e² ≈ 7.4-fold a second.
const SLOW_START_GAIN: f64 = 2.0;

/// Settings of the adaptive rate ([`Pacing::adaptive_with`](super::Pacing::adaptive_with)). The
/// rate is a function of the *ceiling* `W` (the rate at the last `429`) and the number `n`
/// of requests admitted since, so an idle client does not grow its rate:
///
/// 1. **Slow start** (no `429` yet): `rate = initial + 2·n` ([`initial_rate`](Self::initial_rate)),
///    about 7-fold a second while requests flow.
/// 2. **Cut**: the first `429` among requests admitted since the last cut sets `W` to the rate
///    and `n` to 0: the rate drops to `decrease · W` ([`decrease`](Self::decrease)).
/// 3. **Recovery** (cubic, as TCP CUBIC and the AWS SDKs): with `t = n / W`,
///    `rate = W · (1 + C·(t − K)³)`, `K` the [`recovery`](Self::recovery) time and
///    `C = (1 − decrease) / K³`: back to about `W` in `K`, then probing above it.
///
/// The rate stays within [`min_rate`](Self::min_rate) and [`max_rate`](Self::max_rate).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adaptive {
    initial: f64,
    min: f64,
    max: f64,
    decrease: f64,
    recovery: Duration,
}

impl Default for Adaptive {
    /// Start at 10 requests a second, cut to 0.7 of the rate on a `429`, recover in 2 s, and
    /// stay between 0.5 and 1,000,000 requests a second.
    fn default() -> Self {
        Self {
            initial: 10.0,
            min: 0.5,
            max: 1_000_000.0,
            decrease: 0.7,
            recovery: Duration::from_secs(2),
        }
    }
}

fn positive(value: f64, default: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value
    } else {
        default
    }
}

impl Adaptive {
    crate::client::setters! {
        /// The first rate of slow start, per second (default 10; kept unless positive and finite).
        initial_rate(per_second: f64) => initial = positive(per_second, Self::default().initial);
        /// The lowest rate, in requests a second (default 0.5).
        min_rate(per_second: f64) => min = positive(per_second, Self::default().min);
        /// The highest rate, requests a second (default 1,000,000), e.g. a known API limit.
        max_rate(per_second: f64) => max = positive(per_second, Self::default().max);
        /// The fraction of the rate kept on a `429` (default 0.7; clamped to 0.05–0.95).
        decrease(fraction: f64) => decrease = if fraction.is_nan() {
            Self::default().decrease
        } else {
            fraction.clamp(0.05, 0.95)
        };
        /// The time to climb back to the ceiling after a cut (default 2 s; at least 10 ms).
        recovery(time: Duration) => recovery = time.max(Duration::from_millis(10));
    }

    /// The allowed rate for this ceiling and number of requests admitted since the last cut.
    #[allow(clippy::cast_precision_loss)] // counts far beyond 2^52 are not reached
    pub(crate) fn rate(&self, ceiling: Option<f64>, since: u64) -> f64 {
        let n = since as f64;
        let rate = match ceiling {
            None => self.initial + SLOW_START_GAIN * n,
            Some(ceiling) => {
                let ceiling = positive(ceiling, self.initial);
                let k = self.recovery.as_secs_f64();
                let c = (1.0 - self.decrease) / (k * k * k);
                let t = n / ceiling - k;
                ceiling * (1.0 + c * t * t * t)
            }
        };
        let (low, high) = (self.min.min(self.max), self.min.max(self.max));
        if rate.is_nan() {
            low
        } else {
            rate.clamp(low, high)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_start_grows_with_admissions_then_a_cut_recovers_cubically() {
        let a = Adaptive::default();
        assert!((a.rate(None, 0) - 10.0).abs() < 1e-9);
        assert!((a.rate(None, 45) - 100.0).abs() < 1e-9);
        // Just after a cut at 200/s: 0.7 of it.
        assert!((a.rate(Some(200.0), 0) - 140.0).abs() < 1e-9);
        // After K seconds' worth of requests at the ceiling: back at it.
        assert!((a.rate(Some(200.0), 400) - 200.0).abs() < 1e-9);
        // Rising, flat near the ceiling, then probing above it.
        let curve: Vec<f64> = (0..=8).map(|s| a.rate(Some(200.0), s * 100)).collect();
        assert!(curve.windows(2).all(|w| w[0] <= w[1]), "{curve:?}");
        assert!(curve[8] > 259.0, "{curve:?}");
    }

    #[test]
    #[allow(clippy::float_cmp)] // the clamped values are exact
    fn settings_are_sanitised_and_the_rate_stays_in_bounds() {
        let a = Adaptive::default()
            .initial_rate(f64::NAN)
            .min_rate(-3.0)
            .max_rate(f64::INFINITY)
            .decrease(7.0)
            .recovery(Duration::ZERO);
        assert_eq!(a.initial, 10.0);
        assert_eq!(a.min, 0.5);
        assert_eq!(a.max, 1_000_000.0);
        assert_eq!(a.decrease, 0.95);
        assert_eq!(a.recovery, Duration::from_millis(10));
        // Zero is not positive.
        let zero = Adaptive::default().initial_rate(0.0).min_rate(0.0);
        assert_eq!((zero.initial, zero.min), (10.0, 0.5));
        assert_eq!(Adaptive::default().initial_rate(25.0).rate(None, 0), 25.0);
        let bounded = Adaptive::default().min_rate(5.0).max_rate(50.0);
        assert_eq!(bounded.rate(None, u64::MAX), 50.0);
        assert_eq!(bounded.rate(Some(1.0), 0), 5.0);
        assert!((bounded.rate(Some(f64::NAN), 0) - 7.0).abs() < 1e-9);
        assert!(bounded.rate(Some(1e300), u64::MAX).is_finite());
    }
}
