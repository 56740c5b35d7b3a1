//! The in-process limiter: the shared pause, and `governor`'s GCRA (cargo feature `pacing`).

#[cfg(feature = "pacing")]
use std::sync::Arc;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

#[cfg(feature = "pacing")]
use governor::{Quota, RateLimiter};
use tokio::time::Instant;

#[cfg(feature = "pacing")]
use super::adaptive::Adaptive;
use super::pacing::Pacing;
#[cfg(feature = "pacing")]
use super::pacing::{Mode, burst_for, interval_of};
use super::{Admission, BoxError, LimitFuture, Limiter, Outcome};

/// `governor`'s clock, reading tokio's, so that a paused test clock paces too.
#[cfg(feature = "pacing")]
#[derive(Debug, Clone, Copy)]
struct TokioClock;

#[cfg(feature = "pacing")]
impl governor::clock::Clock for TokioClock {
    type Instant = std::time::Instant;

    fn now(&self) -> std::time::Instant {
        Instant::now().into_std()
    }
}

/// `governor`'s in-memory GCRA on tokio's clock.
#[cfg(feature = "pacing")]
type Gcra = RateLimiter<
    governor::state::NotKeyed,
    governor::state::InMemoryState,
    TokioClock,
    governor::middleware::NoOpMiddleware<std::time::Instant>,
>;

/// The relative change of the adaptive rate that rebuilds its GCRA (a quota is fixed).
#[cfg(feature = "pacing")]
const REBUILD_AT: f64 = 0.01;

/// The longest pause kept: a longer one might not fit on the clock.
const LONGEST_PAUSE: Duration = Duration::from_hours(24 * 365);

/// The default limiter, its state in this process: the shared pause a `429` starts, and pacing
/// with `governor`'s GCRA when [`Pacing`] asks. See the [module docs](super).
///
/// ```
/// use std::sync::Arc;
/// use ittybit_runtime::Client;
/// use ittybit_runtime::limit::{LocalLimiter, Pacing};
///
/// // Two clients (say, for two base URLs) sharing one limit:
/// # #[cfg(feature = "pacing")]
/// let shared = Arc::new(LocalLimiter::new(Pacing::per_second(50))?);
/// # #[cfg(not(feature = "pacing"))]
/// # let shared = Arc::new(LocalLimiter::new(Pacing::off())?);
/// let a = Client::builder().api_key("k").limiter(shared.clone()).build()?;
/// let b = Client::builder().api_key("k").limiter(shared).build()?;
/// # let _ = (a, b);
/// # Ok::<(), ittybit_runtime::Error>(())
/// ```
pub struct LocalLimiter {
    pacing: Pacing,
    state: Mutex<State>,
    /// Requests take their turn in order of arrival; only the head waits on the pacing.
    turn: tokio::sync::Mutex<()>,
}

#[derive(Debug)]
struct State {
    paused_until: Option<Instant>,
    /// Cuts of the adaptive rate so far (see [`Admission`]).
    generation: u64,
    /// The adaptive rate's ceiling and requests admitted since the last cut.
    #[cfg(feature = "pacing")]
    ceiling: Option<f64>,
    since: u64,
    /// The GCRA, with the rate it was built for (the adaptive rate rebuilds it).
    #[cfg(feature = "pacing")]
    gcra: Option<(f64, Arc<Gcra>)>,
}

enum Next {
    Admit(Admission),
    WaitUntil(Instant),
}

impl std::fmt::Debug for LocalLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalLimiter")
            .field("pacing", &self.pacing)
            .finish_non_exhaustive()
    }
}

impl LocalLimiter {
    /// A limiter with this pacing.
    ///
    /// # Errors
    /// [`Error::Config`](crate::Error::Config) when it sends nothing (`Pacing::per_second(0)`).
    pub fn new(pacing: Pacing) -> crate::Result<Self> {
        pacing
            .check()
            .map_err(|why| crate::Error::Config(why.into()))?;
        Ok(Self::with(pacing))
    }

    fn with(pacing: Pacing) -> Self {
        #[cfg(feature = "pacing")]
        let gcra = match pacing.mode {
            Mode::Off => None,
            Mode::Fixed { interval, burst } => {
                let burst = burst_for(interval, burst);
                let quota = Quota::with_period(interval).map(|quota| quota.allow_burst(burst));
                quota.map(|quota| (0.0, Arc::new(Gcra::direct_with_clock(quota, TokioClock))))
            }
            Mode::Adaptive(adaptive) => {
                let rate = adaptive.rate(None, 0);
                Some((rate, Arc::new(adaptive_gcra(rate))))
            }
        };
        Self {
            pacing,
            state: Mutex::new(State {
                paused_until: None,
                generation: 0,
                #[cfg(feature = "pacing")]
                ceiling: None,
                since: 0,
                #[cfg(feature = "pacing")]
                gcra,
            }),
            turn: tokio::sync::Mutex::new(()),
        }
    }

    crate::client::getters! {
        /// The pacing this limiter applies.
        pacing(&self) -> &Pacing = &self.pacing;
        /// The rate the adaptive pacing allows now, in requests a second (`None` for others).
        #[cfg(feature = "pacing")]
        current_rate(&self) -> Option<f64> = self.adaptive().map(|adaptive| {
            let state = self.lock();
            adaptive.rate(state.ceiling, state.since)
        });
        /// When the shared pause ends, if one is running.
        paused_until(&self) -> Option<Instant> =
            self.lock().paused_until.filter(|until| *until > Instant::now());
    }

    #[cfg(feature = "pacing")]
    fn adaptive(&self) -> Option<&Adaptive> {
        match &self.pacing.mode {
            Mode::Adaptive(adaptive) => Some(adaptive),
            _ => None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent at every step, so a panic elsewhere cannot corrupt it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Admits a request once it may be sent, waiting for a pause at most `max_pause`.
    async fn admit(&self, max_pause: Duration) -> Admission {
        // Without pacing nothing is queued: requests only wait out a pause.
        let _turn = if self.pacing.is_off() {
            None
        } else {
            Some(self.turn.lock().await)
        };
        // Past this, a pause no longer holds this request (`None`: beyond the clock).
        let pause_ends = Instant::now().checked_add(max_pause);
        loop {
            let now = Instant::now();
            let pausing = pause_ends.is_none_or(|end| now < end);
            match self.next(now, pausing) {
                Next::Admit(admission) => return admission,
                Next::WaitUntil(until) => {
                    // A pause is waited for until `pause_ends` at most; pacing fully.
                    let until = match pause_ends {
                        Some(end) if pausing => until.min(end),
                        _ => until,
                    };
                    tokio::time::sleep_until(until).await;
                }
            }
        }
    }

    /// Admits a request now, or says until when to wait (for the pause only if `pausing`).
    fn next(&self, now: Instant, pausing: bool) -> Next {
        let mut state = self.lock();
        if let Some(until) = state.paused_until.filter(|until| pausing && *until > now) {
            return Next::WaitUntil(until);
        }
        #[cfg(feature = "pacing")]
        if let Some((_, gcra)) = &state.gcra
            && let Err(not_until) = gcra.check()
        {
            let wait = not_until.wait_time_from(Instant::now().into_std());
            return Next::WaitUntil(now.checked_add(wait).unwrap_or(now));
        }
        state.since = state.since.saturating_add(1);
        #[cfg(feature = "pacing")]
        if let Some(adaptive) = self.adaptive() {
            let rate = adaptive.rate(state.ceiling, state.since);
            if state
                .gcra
                .as_ref()
                .is_none_or(|(built, _)| (rate - built).abs() > built * REBUILD_AT)
            {
                // A fresh GCRA allows a burst at once: the request just admitted took it.
                let gcra = adaptive_gcra(rate);
                let _ = gcra.check_n(gcra_burst(rate));
                state.gcra = Some((rate, Arc::new(gcra)));
            }
        }
        Next::Admit(Admission::new(state.generation))
    }

    /// Applies an answer: a `429` pauses everyone and, once per generation, cuts the rate.
    fn learn(&self, admission: Admission, outcome: Outcome) {
        let Outcome::Throttled { pause } = outcome else {
            return;
        };
        let now = Instant::now();
        let mut state = self.lock();
        if let Some(until) = now.checked_add(pause.min(LONGEST_PAUSE))
            && state.paused_until.is_none_or(|current| current < until)
        {
            state.paused_until = Some(until);
        }
        if admission.generation() == state.generation {
            state.generation = state.generation.saturating_add(1);
            #[cfg(feature = "pacing")]
            if let Some(adaptive) = self.adaptive() {
                state.ceiling = Some(adaptive.rate(state.ceiling, state.since));
                state.since = 0;
                let rate = adaptive.rate(state.ceiling, 0);
                state.gcra = Some((rate, Arc::new(adaptive_gcra(rate))));
            }
        }
    }
}

impl Default for LocalLimiter {
    /// The client's default: the shared pause, no pacing.
    fn default() -> Self {
        Self::with(Pacing::off())
    }
}

impl Limiter for LocalLimiter {
    fn acquire(&self, max_pause: Duration) -> LimitFuture<'_, Result<Admission, BoxError>> {
        Box::pin(async move { Ok(self.admit(max_pause).await) })
    }

    fn record(&self, admission: Admission, outcome: Outcome) -> LimitFuture<'_, ()> {
        self.learn(admission, outcome);
        Box::pin(std::future::ready(()))
    }
}

/// The burst of the adaptive rate's GCRA: only the default slack for late timers.
#[cfg(feature = "pacing")]
fn gcra_burst(rate: f64) -> std::num::NonZeroU32 {
    burst_for(interval_of(rate), None)
}

/// A GCRA for `rate` requests a second.
#[cfg(feature = "pacing")]
fn adaptive_gcra(rate: f64) -> Gcra {
    let quota = Quota::with_period(interval_of(rate)).map_or_else(
        || Quota::per_hour(std::num::NonZeroU32::MIN),
        |quota| quota.allow_burst(gcra_burst(rate)),
    );
    Gcra::direct_with_clock(quota, TokioClock)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use tokio::time::Duration;

    /// Starts `n` acquirers and returns how many are admitted by each of `checkpoints` (on the
    /// paused clock).
    async fn admitted_by(limiter: &Arc<LocalLimiter>, n: usize, checkpoints: &[u64]) -> Vec<usize> {
        let admitted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for _ in 0..n {
            let (limiter, admitted) = (limiter.clone(), admitted.clone());
            tokio::spawn(async move {
                limiter.acquire(Duration::MAX).await.unwrap();
                admitted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            });
        }
        let start = Instant::now();
        let mut counts = Vec::new();
        for ms in checkpoints {
            tokio::time::sleep_until(start + Duration::from_millis(*ms)).await;
            counts.push(admitted.load(std::sync::atomic::Ordering::SeqCst));
        }
        counts
    }

    #[cfg(feature = "pacing")]
    #[tokio::test(start_paused = true)]
    async fn a_fixed_rate_admits_its_burst_then_one_per_interval() {
        let limiter = Arc::new(LocalLimiter::new(Pacing::per_second(10).burst(3)).unwrap());
        // 1 ms in: the burst of 3; then one every 100 ms.
        let counts = admitted_by(&limiter, 20, &[1, 101, 501, 1001]).await;
        assert_eq!(counts, vec![3, 4, 8, 13]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttle_pauses_every_request_until_it_ends() {
        let limiter = Arc::new(LocalLimiter::default());
        assert_eq!(admitted_by(&limiter, 5, &[1]).await, vec![5]);
        limiter
            .record(
                Admission::new(0),
                Outcome::Throttled {
                    pause: Duration::from_secs(2),
                },
            )
            .await;
        assert!(limiter.paused_until().is_some());
        assert_eq!(
            admitted_by(&limiter, 5, &[1, 1999, 2001]).await,
            vec![0, 0, 5]
        );
        // A shorter pause does not shorten a longer one.
        limiter
            .record(
                Admission::new(0),
                Outcome::Throttled {
                    pause: Duration::from_secs(3),
                },
            )
            .await;
        limiter
            .record(
                Admission::new(0),
                Outcome::Throttled {
                    pause: Duration::from_secs(1),
                },
            )
            .await;
        assert_eq!(admitted_by(&limiter, 2, &[2999, 3001]).await, vec![0, 2]);
    }

    #[cfg(feature = "pacing")]
    #[tokio::test(start_paused = true)]
    async fn a_pause_is_waited_for_at_most_max_pause_and_pacing_still_holds() {
        let limiter = LocalLimiter::new(Pacing::rate(1, Duration::from_secs(10))).unwrap();
        let start = Instant::now();
        let admission = limiter.acquire(Duration::MAX).await.unwrap();
        let pause = Duration::from_secs(3600);
        limiter
            .record(admission, Outcome::Throttled { pause })
            .await;
        // The hour-long pause holds this request one second; the pacing's next slot is at 10 s.
        limiter.acquire(Duration::from_secs(1)).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(10));
        // Each request has its own second; the pacing then spaces them by 10 s.
        limiter.acquire(Duration::from_secs(1)).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(20));
        assert!(limiter.paused_until().is_some(), "the pause itself stands");
    }

    #[cfg(feature = "pacing")]
    #[tokio::test(start_paused = true)]
    async fn the_adaptive_rate_grows_then_is_cut_once_per_generation() {
        let limiter = Arc::new(LocalLimiter::new(Pacing::adaptive()).unwrap());
        assert_eq!(limiter.current_rate(), Some(10.0));
        // Slow start: more admitted in the second second than in the first.
        let counts = admitted_by(&limiter, 400, &[1000, 2000]).await;
        assert!(counts[1] - counts[0] > counts[0], "{counts:?}");
        let before = limiter.current_rate().unwrap();
        let admission = limiter.acquire(Duration::MAX).await.unwrap();
        let rate = limiter.current_rate().unwrap();
        limiter
            .record(
                admission,
                Outcome::Throttled {
                    pause: Duration::ZERO,
                },
            )
            .await;
        let cut = limiter.current_rate().unwrap();
        assert!(
            rate >= before && (cut - 0.7 * rate).abs() < 1e-6,
            "{rate} → {cut}"
        );
        // A second 429 from the same generation does not cut again.
        limiter
            .record(
                admission,
                Outcome::Throttled {
                    pause: Duration::ZERO,
                },
            )
            .await;
        assert_eq!(limiter.current_rate(), Some(cut));
        // Other outcomes change nothing.
        limiter.record(admission, Outcome::Failed).await;
        limiter.record(admission, Outcome::Passed).await;
        assert_eq!(limiter.current_rate(), Some(cut));
        // A 429 for a request admitted after the cut is news: it cuts again.
        let later = limiter.acquire(Duration::MAX).await.unwrap();
        assert_eq!((admission.generation(), later.generation()), (0, 1));
        let rate = limiter.current_rate().unwrap();
        limiter
            .record(
                later,
                Outcome::Throttled {
                    pause: Duration::ZERO,
                },
            )
            .await;
        let again = limiter.current_rate().unwrap();
        assert!((again - 0.7 * rate).abs() < 1e-6, "{rate} → {again}");
    }

    #[cfg(feature = "pacing")]
    #[tokio::test(start_paused = true)]
    async fn requests_are_admitted_in_order_of_arrival() {
        let limiter = Arc::new(LocalLimiter::new(Pacing::per_second(100)).unwrap());
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for i in 0..20 {
            let (limiter, order) = (limiter.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                limiter.acquire(Duration::MAX).await.unwrap();
                order.lock().unwrap().push(i);
            }));
            tokio::task::yield_now().await;
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), (0..20).collect::<Vec<_>>());
    }

    #[cfg(feature = "pacing")]
    #[tokio::test(start_paused = true)]
    async fn a_pause_ends_exactly_when_it_is_due_and_is_at_most_a_year() {
        let limiter = LocalLimiter::new(Pacing::per_second(5)).unwrap();
        assert_eq!(limiter.pacing(), &Pacing::per_second(5));
        let throttled = |pause| Outcome::Throttled { pause };
        limiter
            .record(Admission::new(0), throttled(Duration::from_secs(2)))
            .await;
        let until = limiter.paused_until().unwrap();
        assert_eq!(until, Instant::now() + Duration::from_secs(2));
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(limiter.paused_until(), None, "over at its instant");

        limiter
            .record(Admission::new(1), throttled(Duration::MAX))
            .await;
        let pause = limiter.paused_until().unwrap() - Instant::now();
        assert_eq!(pause, LONGEST_PAUSE);
        assert_eq!(LONGEST_PAUSE, Duration::from_hours(24 * 365));
    }

    #[cfg(feature = "pacing")]
    #[tokio::test(start_paused = true)]
    async fn the_adaptive_gcra_follows_the_rate_within_a_percent_and_is_kept_while_it_holds() {
        let adaptive = Adaptive::default().max_rate(50.0);
        let limiter = LocalLimiter::new(Pacing::adaptive_with(adaptive)).unwrap();
        let built = || {
            let state = limiter.lock();
            let (rate, gcra) = state.gcra.clone().unwrap();
            (rate, gcra, adaptive.rate(state.ceiling, state.since))
        };
        // Slow start climbs 2 a request, from 10 to the maximum of 50.
        for _ in 0..40 {
            limiter.acquire(Duration::MAX).await.unwrap();
            let (built_for, _, rate) = built();
            assert!(
                (rate - built_for).abs() <= built_for * REBUILD_AT,
                "paced at {built_for} for {rate}"
            );
        }
        // At the maximum the rate holds, and so does the GCRA (with its state).
        let (_, before, _) = built();
        limiter.acquire(Duration::MAX).await.unwrap();
        let (_, after, _) = built();
        assert!(Arc::ptr_eq(&before, &after));
    }

    #[cfg(feature = "pacing")]
    #[test]
    fn the_adaptive_burst_is_what_fits_in_the_timer_slack() {
        // 10 ms of slack: one request at 100/s or less, ten at 1,000/s.
        assert_eq!(gcra_burst(10.0).get(), 1);
        assert_eq!(gcra_burst(100.0).get(), 1);
        assert_eq!(gcra_burst(1_000.0).get(), 10);
    }
}
