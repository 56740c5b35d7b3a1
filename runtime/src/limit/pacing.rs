//! The client-side limit a limiter applies: none, a fixed rate with a burst, or adaptive.

use std::num::NonZeroU32;
use std::time::Duration;

use super::adaptive::Adaptive;

/// A client-side limit on the rate of requests (see the [module docs](super)).
///
/// ```
/// use std::time::Duration;
/// use ittybit_runtime::limit::{Adaptive, Pacing};
///
/// let fixed = Pacing::per_second(200).burst(20);
/// let slow = Pacing::rate(1, Duration::from_secs(3)); // one request every 3 s
/// let adaptive = Pacing::adaptive();
/// let tuned = Pacing::adaptive_with(Adaptive::default().initial_rate(50.0));
/// # let _ = (fixed, slow, adaptive, tuned);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacing {
    pub(crate) mode: Mode,
}

/// Which limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Mode {
    /// No pacing: only the shared pause.
    Off,
    /// A GCRA: one request per `interval` on average, bursts of `burst`.
    Fixed {
        interval: Duration,
        burst: NonZeroU32,
    },
    /// A learned rate.
    Adaptive(Adaptive),
}

impl Default for Pacing {
    /// [`Pacing::off`].
    fn default() -> Self {
        Self::off()
    }
}

impl Pacing {
    /// No client-side limit: requests go as fast as the caller makes them, paused only by a
    /// `429`.
    #[must_use]
    pub fn off() -> Self {
        Self { mode: Mode::Off }
    }

    /// At most `requests` a second on average, evenly spaced (burst 1; see
    /// [`burst`](Self::burst)). `0` requests sends nothing: [`ClientBuilder::build`] refuses
    /// it.
    ///
    /// [`ClientBuilder::build`]: crate::ClientBuilder::build
    #[must_use]
    pub fn per_second(requests: u32) -> Self {
        Self::rate(requests, Duration::from_secs(1))
    }

    /// At most `requests` per `per` on average (burst 1). `0` requests or a zero period is
    /// refused by [`ClientBuilder::build`](crate::ClientBuilder::build).
    #[must_use]
    pub fn rate(requests: u32, per: Duration) -> Self {
        let interval = per.checked_div(requests).unwrap_or(Duration::ZERO);
        Self {
            mode: Mode::Fixed {
                interval,
                burst: NonZeroU32::MIN,
            },
        }
    }

    /// Allows bursts of up to `requests` back to back (at least 1) on top of a fixed rate;
    /// no effect on other pacings.
    #[must_use]
    pub fn burst(mut self, requests: u32) -> Self {
        if let Mode::Fixed { burst, .. } = &mut self.mode {
            *burst = NonZeroU32::new(requests).unwrap_or(NonZeroU32::MIN);
        }
        self
    }

    /// An adaptive rate with the [default settings](Adaptive::default).
    #[must_use]
    pub fn adaptive() -> Self {
        Self::adaptive_with(Adaptive::default())
    }

    /// An adaptive rate with these settings.
    #[must_use]
    pub fn adaptive_with(settings: Adaptive) -> Self {
        Self {
            mode: Mode::Adaptive(settings),
        }
    }

    /// Whether this pacing can send anything: a fixed rate needs a non-zero interval.
    pub(crate) fn check(&self) -> Result<(), String> {
        match self.mode {
            Mode::Fixed { interval, .. } if interval.is_zero() => Err(
                "pacing needs at least one request per non-zero period (and at most one per nanosecond)"
                    .to_owned(),
            ),
            _ => Ok(()),
        }
    }
}

/// The interval between requests at `rate` requests a second (at least 1 ns; a rate that is
/// not positive and finite is read as the slowest, one a day).
pub(crate) fn interval_of(rate: f64) -> Duration {
    const DAY: Duration = Duration::from_hours(24);
    if !(rate.is_finite() && rate > 0.0) {
        return DAY;
    }
    Duration::try_from_secs_f64(1.0 / rate)
        .unwrap_or(DAY)
        .clamp(Duration::from_nanos(1), DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_become_intervals_and_degenerate_rates_are_refused() {
        assert_eq!(
            Pacing::per_second(200).mode,
            Mode::Fixed {
                interval: Duration::from_millis(5),
                burst: NonZeroU32::MIN
            }
        );
        assert!(Pacing::per_second(200).check().is_ok());
        assert!(Pacing::per_second(0).check().is_err());
        assert!(Pacing::rate(5, Duration::ZERO).check().is_err());
        assert!(Pacing::off().check().is_ok());
        let burst = Pacing::per_second(10).burst(0);
        assert!(matches!(burst.mode, Mode::Fixed { burst, .. } if burst.get() == 1));
        assert_eq!(interval_of(4.0), Duration::from_millis(250));
        assert_eq!(interval_of(f64::NAN), Duration::from_hours(24));
        assert_eq!(interval_of(-1.0), Duration::from_hours(24));
        assert_eq!(interval_of(f64::INFINITY), Duration::from_hours(24));
        assert_eq!(interval_of(1e30), Duration::from_nanos(1));
    }
}
