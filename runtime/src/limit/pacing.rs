//! The client-side limit a limiter applies: none, or (feature `pacing`) a fixed rate or adaptive.

#[cfg(feature = "pacing")]
use std::num::NonZeroU32;
#[cfg(feature = "pacing")]
use std::time::Duration;

#[cfg(feature = "pacing")]
use super::adaptive::Adaptive;

/// A client-side limit on the rate of requests ([module docs](super)). Without the cargo
/// feature `pacing` only [`Pacing::off`] exists: the shared pause of a `429`, no rate limiter.
///
/// ```
/// # #[cfg(feature = "pacing")] {
/// use std::time::Duration;
/// use ittybit_runtime::limit::{Adaptive, Pacing};
///
/// let fixed = Pacing::per_second(200).burst(20);
/// let slow = Pacing::rate(1, Duration::from_secs(3)); // one request every 3 s
/// let adaptive = Pacing::adaptive();
/// let tuned = Pacing::adaptive_with(Adaptive::default().initial_rate(50.0));
/// # let _ = (fixed, slow, adaptive, tuned);
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacing {
    pub(crate) mode: Mode,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Mode {
    Off,
    /// One request per `interval` on average (`burst` `None`: the [default](burst_for)).
    #[cfg(feature = "pacing")]
    Fixed {
        interval: Duration,
        burst: Option<NonZeroU32>,
    },
    #[cfg(feature = "pacing")]
    Adaptive(Adaptive),
}

impl Default for Pacing {
    /// [`Pacing::off`].
    fn default() -> Self {
        Self::off()
    }
}

impl Pacing {
    /// No client-side limit: requests go as fast as they are made, paused only by a `429`.
    #[must_use]
    pub fn off() -> Self {
        Self { mode: Mode::Off }
    }

    /// At most `requests` a second on average, with bursts of 10 ms' worth (`requests / 100`,
    /// at least 1) so that timers waking late cost no throughput; [`burst`](Self::burst) sets
    /// another. `0` is refused by [`LocalLimiter::new`](super::LocalLimiter::new).
    #[cfg(feature = "pacing")]
    #[must_use]
    pub fn per_second(requests: u32) -> Self {
        Self::rate(requests, Duration::from_secs(1))
    }

    /// At most `requests` per `per` on average, with [`per_second`](Self::per_second)'s burst.
    /// `0` requests or a zero period is refused; a rate slower than one a day is one a day.
    #[cfg(feature = "pacing")]
    #[must_use]
    pub fn rate(requests: u32, per: Duration) -> Self {
        let interval = per
            .checked_div(requests)
            .map_or(Duration::ZERO, |interval| interval.min(SLOWEST));
        Self {
            mode: Mode::Fixed {
                interval,
                burst: None,
            },
        }
    }

    /// Allows bursts of up to `requests` back to back on a fixed rate (at least 1, which spaces
    /// requests evenly; at most a day's worth); no effect on other pacings.
    #[cfg(feature = "pacing")]
    #[must_use]
    pub fn burst(mut self, requests: u32) -> Self {
        if let Mode::Fixed { burst, .. } = &mut self.mode {
            *burst = Some(NonZeroU32::new(requests).unwrap_or(NonZeroU32::MIN));
        }
        self
    }

    /// An adaptive rate with the [default settings](Adaptive::default).
    #[cfg(feature = "pacing")]
    #[must_use]
    pub fn adaptive() -> Self {
        Self::adaptive_with(Adaptive::default())
    }

    /// An adaptive rate with these settings.
    #[cfg(feature = "pacing")]
    #[must_use]
    pub fn adaptive_with(settings: Adaptive) -> Self {
        Self {
            mode: Mode::Adaptive(settings),
        }
    }

    pub(crate) fn is_off(self) -> bool {
        matches!(self.mode, Mode::Off)
    }

    /// Whether this pacing can send anything: a fixed rate needs a non-zero interval.
    #[allow(clippy::unnecessary_wraps)] // without pacing every value can
    pub(crate) fn check(self) -> Result<(), String> {
        match self.mode {
            #[cfg(feature = "pacing")]
            Mode::Fixed { interval, .. } if interval.is_zero() => Err(
                "pacing needs at least one request per non-zero period (and at most one per nanosecond)"
                    .to_owned(),
            ),
            _ => Ok(()),
        }
    }
}

/// How far ahead of schedule a request may go by default: more than a timer wakes late.
#[cfg(feature = "pacing")]
const TIMER_SLACK: Duration = Duration::from_millis(10);

/// The slowest pacing and longest burst, so no GCRA arithmetic (`governor`, Redis) overflows.
#[cfg(feature = "pacing")]
const SLOWEST: Duration = Duration::from_hours(24);

/// The burst of a GCRA with this interval: `burst`, or else as many as fit in [`TIMER_SLACK`]
/// (at least 1), and at most one more than fit in [`SLOWEST`]. Without that slack a GCRA paces
/// below its rate (0.8 of it at 200 a second with 1 ms timers).
#[cfg(feature = "pacing")]
pub(crate) fn burst_for(interval: Duration, burst: Option<NonZeroU32>) -> NonZeroU32 {
    let fit = |span: Duration| {
        let fit = span.as_nanos() / interval.as_nanos().max(1);
        u32::try_from(fit).unwrap_or(u32::MAX)
    };
    let default = || {
        let fit = TIMER_SLACK.as_nanos().div_ceil(interval.as_nanos().max(1));
        NonZeroU32::new(u32::try_from(fit).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MIN)
    };
    burst
        .unwrap_or_else(default)
        .min(NonZeroU32::MIN.saturating_add(fit(SLOWEST)))
}

/// The interval at `rate` requests a second (at least 1 ns; not positive and finite: a day).
#[cfg(feature = "pacing")]
pub(crate) fn interval_of(rate: f64) -> Duration {
    if !(rate.is_finite() && rate > 0.0) {
        return SLOWEST;
    }
    Duration::try_from_secs_f64(1.0 / rate)
        .unwrap_or(SLOWEST)
        .clamp(Duration::from_nanos(1), SLOWEST)
}

#[cfg(all(test, feature = "pacing"))]
mod tests {
    use super::*;

    #[test]
    fn rates_become_intervals_and_degenerate_rates_are_refused() {
        assert_eq!(
            Pacing::per_second(200).mode,
            Mode::Fixed {
                interval: Duration::from_millis(5),
                burst: None
            }
        );
        assert!(Pacing::per_second(200).check().is_ok());
        assert!(Pacing::per_second(0).check().is_err());
        assert!(Pacing::rate(5, Duration::ZERO).check().is_err());
        assert!(Pacing::off().check().is_ok());
        let burst = Pacing::per_second(10).burst(0);
        assert!(matches!(burst.mode, Mode::Fixed { burst: Some(b), .. } if b.get() == 1));
        let burst_of = |ms: u64| burst_for(Duration::from_millis(ms), None).get();
        assert_eq!(
            [burst_of(5), burst_of(1), burst_of(3), burst_of(100)],
            [2, 10, 4, 1]
        );
        assert_eq!(burst_for(Duration::ZERO, None).get(), 10_000_000);
        let three = NonZeroU32::new(3);
        assert_eq!(burst_for(Duration::from_millis(1), three), three.unwrap());
        assert_eq!(interval_of(4.0), Duration::from_millis(250));
        assert_eq!(interval_of(f64::NAN), Duration::from_hours(24));
        assert_eq!(interval_of(-1.0), Duration::from_hours(24));
        assert_eq!(interval_of(0.0), Duration::from_hours(24));
        assert_eq!(interval_of(f64::INFINITY), Duration::from_hours(24));
        assert_eq!(interval_of(1e30), Duration::from_nanos(1));
    }
}
