//! [`RedisLimiter`], a limit shared by a fleet through one Redis hash, stepped by `redis.lua`.

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use tokio::time::Instant;

use super::local::LocalLimiter;
use super::pacing::{Mode, Pacing, burst_for, interval_of};
use super::{Admission, BoxError, LimitFuture, Limiter, Outcome};

const SCRIPT: &str = include_str!("redis.lua");

/// How long a Redis step may take (connecting included) before it counts as unreachable.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);

/// With [`Fallback::Local`], how long to stay local after Redis failed (one timeout per interval).
const RETRY_REDIS_AFTER: Duration = Duration::from_secs(1);

/// What a [`RedisLimiter`] does when Redis cannot be reached (or answers with an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Fallback {
    /// Fail the call with [`Error::Limiter`](crate::Error::Limiter), sending nothing (the
    /// default: the fleet's limit is never exceeded silently).
    #[default]
    Fail,
    /// Go on with a limit in this process, same pacing, and try Redis again a second later (a
    /// fleet of N processes may then send N times the rate).
    Local,
}

/// A rate limit shared through Redis by every process naming the same server and key: a fleet
/// of workers on one API key shares its pause, pacing and adaptive rate. Each admission is one
/// atomic Lua step on Redis's clock (the pause check and a GCRA step reserving the next free
/// slot, so processes are served in the order they asked); a `429` pauses every process and
/// cuts the adaptive rate once.
///
/// Run one `redis-server` reachable from every worker (private interface with a password, or
/// TLS through a tunnel), and give each the same URL (`redis://:password@10.0.0.5:6379/0`) and
/// key (one per API key, e.g. `ittybit:limit:<project>`). The hash expires after a day unused.
///
/// ```no_run
/// # async fn run() -> ittybit_runtime::Result<()> {
/// use ittybit_runtime::Client;
/// use ittybit_runtime::limit::{Fallback, Pacing, RedisLimiter};
///
/// let limiter = RedisLimiter::new("redis://127.0.0.1:6379/", "ittybit:limit:my-project")?
///     .pacing(Pacing::adaptive())
///     .fallback(Fallback::Local);
/// let client = Client::builder().api_key("ittybit_…").limiter(limiter).build()?;
/// # Ok(()) }
/// ```
pub struct RedisLimiter {
    client: redis::Client,
    key: String,
    pacing: Pacing,
    fallback: Fallback,
    timeout: Duration,
    script: redis::Script,
    /// Made on first use and again after a failure.
    connection: tokio::sync::Mutex<Option<MultiplexedConnection>>,
    /// Requests take turns in order of arrival; only the head talks to Redis.
    turn: tokio::sync::Mutex<()>,
    seen: Mutex<Seen>,
    /// Used while Redis is unreachable (with [`Fallback::Local`]).
    local: LocalLimiter,
}

/// The fleet's adaptive state as the last step returned it.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    generation: u64,
    ceiling: Option<f64>,
    since: u64,
    /// Redis failed: stay local until then.
    local_until: Option<Instant>,
}

/// The longest span written to Redis: a day, the life of an idle hash (the script clamps too).
const LONGEST: Duration = Duration::from_hours(24);

fn micros(span: Duration) -> u64 {
    u64::try_from(span.min(LONGEST).as_micros()).unwrap_or(u64::MAX)
}

/// The GCRA's interval and tolerance (the burst less one interval) in microseconds.
fn gcra(interval: Duration, burst: Option<std::num::NonZeroU32>) -> (u64, u64) {
    let burst = burst_for(interval, burst).get();
    let tolerance = interval.saturating_mul(burst.saturating_sub(1));
    (micros(interval).max(1), micros(tolerance))
}

/// A step's verdict: admitted (perhaps after `wait`).
const ADMITTED: i64 = 1;
/// Not admitted: a shared pause is running for the reply's wait.
const PAUSED: i64 = 0;

/// What one script step returns (see `redis.lua`).
struct Reply {
    /// [`ADMITTED`], [`PAUSED`], or 2: the next slot is too far ahead.
    verdict: i64,
    /// Microseconds to wait: for the reserved slot, the pause, or before asking again.
    wait: i64,
    /// The fleet's adaptive state: cuts so far, the ceiling (a number as text, or empty), and
    /// requests admitted since the last cut.
    generation: i64,
    ceiling: String,
    since: i64,
}

impl RedisLimiter {
    /// A limiter sharing the hash `key` on the Redis server at `url` (`redis://host:port/db`,
    /// `redis://:password@host/`, `rediss://` for TLS), connected on first use, without pacing.
    ///
    /// # Errors
    /// [`Error::Config`](crate::Error::Config) when the URL is not a Redis URL.
    pub fn new(url: &str, key: impl Into<String>) -> crate::Result<Self> {
        let client = redis::Client::open(url).map_err(|error| {
            // The URL may hold a password: the message names only the failure.
            crate::Error::Config(format!("invalid Redis URL: {error}").into_boxed_str())
        })?;
        Ok(Self {
            client,
            key: key.into(),
            pacing: Pacing::off(),
            fallback: Fallback::default(),
            timeout: DEFAULT_TIMEOUT,
            script: redis::Script::new(SCRIPT),
            connection: tokio::sync::Mutex::new(None),
            turn: tokio::sync::Mutex::new(()),
            seen: Mutex::new(Seen::default()),
            local: LocalLimiter::default(),
        })
    }

    /// The fleet's pacing, the same in every process; one that sends nothing is [`Pacing::off`].
    #[must_use]
    pub fn pacing(mut self, pacing: Pacing) -> Self {
        self.local = LocalLimiter::new(pacing).unwrap_or_default();
        self.pacing = *self.local.pacing();
        self
    }

    crate::client::setters! {
        /// What to do when Redis cannot be reached (default [`Fallback::Fail`]).
        fallback(fallback: Fallback) => fallback = fallback;
        /// How long a step (connecting included) may take before Redis is unreachable (default
        /// 1 s; at least 1 ms).
        timeout(timeout: Duration) => timeout = timeout.max(Duration::from_millis(1));
    }

    fn seen(&self) -> MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn adaptive_rate(&self, seen: &Seen) -> Option<f64> {
        match &self.pacing.mode {
            Mode::Adaptive(adaptive) => Some(adaptive.rate(seen.ceiling, seen.since)),
            _ => None,
        }
    }

    /// The GCRA's interval and tolerance for the next step, in microseconds (0: no pacing).
    fn gcra_micros(&self) -> (u64, u64) {
        match self.pacing.mode {
            Mode::Off => (0, 0),
            Mode::Fixed { interval, burst } => gcra(interval, burst),
            Mode::Adaptive(_) => {
                let rate = self.adaptive_rate(&self.seen()).unwrap_or(1.0);
                gcra(interval_of(rate), None)
            }
        }
    }

    /// Runs one script step, connecting when needed; a failure (its message) drops the connection.
    async fn step(&self, step: &'static str, args: &[String]) -> Result<Reply, String> {
        let run = async {
            let mut slot = self.connection.lock().await;
            let mut connection = match slot.as_ref() {
                Some(connection) => connection.clone(),
                None => slot
                    .insert(self.client.get_multiplexed_async_connection().await?)
                    .clone(),
            };
            drop(slot);
            let mut invocation = self.script.key(&self.key);
            for arg in args {
                invocation.arg(arg);
            }
            let (verdict, wait, generation, ceiling, since) =
                invocation.invoke_async(&mut connection).await?;
            Ok::<_, redis::RedisError>(Reply {
                verdict,
                wait,
                generation,
                ceiling,
                since,
            })
        };
        let result = match tokio::time::timeout(self.timeout, run).await {
            Ok(result) => result.map_err(|error| format!("Redis failed to {step}: {error}")),
            Err(_elapsed) => Err(format!(
                "Redis did not {step} within {} ms",
                self.timeout.as_millis()
            )),
        };
        match &result {
            Ok(reply) => self.remember(reply),
            Err(_) => *self.connection.lock().await = None,
        }
        result
    }

    fn remember(&self, reply: &Reply) {
        let mut seen = self.seen();
        seen.generation = u64::try_from(reply.generation).unwrap_or(0);
        seen.ceiling = reply
            .ceiling
            .parse::<f64>()
            .ok()
            .filter(|c| c.is_finite() && *c > 0.0);
        seen.since = u64::try_from(reply.since).unwrap_or(0);
        seen.local_until = None;
    }

    fn staying_local(&self) -> bool {
        self.fallback == Fallback::Local
            && self
                .seen()
                .local_until
                .is_some_and(|until| until > Instant::now())
    }

    /// A failed step: an error for [`Fallback::Fail`], or a warning and a while local.
    fn failed(&self, failure: String) -> Result<(), BoxError> {
        match self.fallback {
            Fallback::Fail => Err(failure.into()),
            Fallback::Local => {
                tracing::warn!(error = %failure, "rate limiter: Redis unreachable, limiting in this process");
                self.seen().local_until = Instant::now().checked_add(RETRY_REDIS_AFTER);
                Ok(())
            }
        }
    }

    async fn admit(&self, max_pause: Duration) -> Result<Admission, BoxError> {
        let _turn = self.turn.lock().await;
        // A pause is waited for at most `max_pause` in all, however long the fleet's is.
        let mut pause_left = max_pause;
        let micros = |wait: i64| Duration::from_micros(u64::try_from(wait).unwrap_or(0));
        loop {
            if self.staying_local() {
                return self.local.acquire(pause_left).await;
            }
            let (interval, tolerance) = self.gcra_micros();
            let pausing = if pause_left.is_zero() { "0" } else { "1" };
            let args = [
                "admit".to_owned(),
                interval.to_string(),
                tolerance.to_string(),
                pausing.to_owned(),
            ];
            let Reply {
                verdict,
                mut wait,
                generation,
                ..
            } = match self.step("admit a request", &args).await {
                Ok(reply) => reply,
                Err(failure) => {
                    self.failed(failure)?;
                    continue;
                }
            };
            if verdict == ADMITTED {
                // The slot is reserved: this request goes at it, the next asks after it.
                let admission = Admission::new(u64::try_from(generation).unwrap_or(0));
                if wait <= 0 {
                    return Ok(admission);
                }
                tokio::time::sleep(micros(wait)).await;
                // Another process may have met a 429 meanwhile: not during its pause.
                match self.step("check the pause", &["peek".to_owned()]).await {
                    Ok(reply) if reply.verdict == PAUSED && !pause_left.is_zero() => {
                        wait = reply.wait;
                    }
                    Ok(_) => return Ok(admission),
                    Err(failure) => {
                        self.failed(failure)?;
                        continue;
                    }
                }
            } else if verdict != PAUSED {
                // The next free slot is too far ahead to reserve: wait, then ask again.
                tokio::time::sleep(micros(wait).max(Duration::from_micros(100))).await;
                continue;
            }
            let pause = micros(wait).min(pause_left);
            pause_left -= pause;
            tokio::time::sleep(pause).await;
        }
    }

    async fn learn(&self, admission: Admission, outcome: Outcome) {
        // The local limit learns too, so that a fallback starts from what is known.
        self.local.record(admission, outcome).await;
        let Outcome::Throttled { pause } = outcome else {
            return;
        };
        let rate = {
            let seen = self.seen();
            self.adaptive_rate(&seen).unwrap_or(0.0)
        };
        let args = [
            "throttle".to_owned(),
            micros(pause).to_string(),
            admission.generation().to_string(),
            rate.to_string(),
        ];
        if let Err(failure) = self.step("record a 429", &args).await {
            tracing::warn!(error = %failure, "rate limiter: the pause was kept in this process only");
            if self.fallback == Fallback::Local {
                self.seen().local_until = Instant::now().checked_add(RETRY_REDIS_AFTER);
            }
        }
    }
}

impl Limiter for RedisLimiter {
    fn acquire(&self, max_pause: Duration) -> LimitFuture<'_, Result<Admission, BoxError>> {
        Box::pin(self.admit(max_pause))
    }

    fn record(&self, admission: Admission, outcome: Outcome) -> LimitFuture<'_, ()> {
        Box::pin(self.learn(admission, outcome))
    }
}

impl fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The connection info may hold a password: only the key and the settings are shown.
        f.debug_struct("RedisLimiter")
            .field("key", &self.key)
            .field("pacing", &self.pacing)
            .field("fallback", &self.fallback)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gcra_runs_ahead_by_the_burst_less_one_interval() {
        let ms = Duration::from_millis;
        // The default burst: 10 ms' worth.
        assert_eq!(gcra(ms(5), None), (5_000, 5_000));
        assert_eq!(gcra(ms(100), None), (100_000, 0));
        assert_eq!(gcra(ms(1), std::num::NonZeroU32::new(3)), (1_000, 2_000));
        // Never a zero interval (which the script reads as "no pacing").
        assert_eq!(gcra(Duration::from_nanos(10), None).0, 1);
        // Nothing longer than a day is written.
        let day = 86_400_000_000;
        assert_eq!(gcra(Duration::MAX, None), (day, 0));
        let most = std::num::NonZeroU32::new(u32::MAX);
        assert_eq!(gcra(Duration::from_hours(24), most), (day, day));
        assert_eq!(micros(Duration::MAX), day);
    }

    #[test]
    fn a_bad_url_is_a_configuration_error_that_does_not_show_it() {
        for url in [
            "http://user:secret@host/",
            "redis://:secret@[::1/",
            "redis://:secret@host:port/",
            "redis://:secret@host/database",
            "redis://us er:secret@host/",
            "rediss://:secret@host/x?y#z",
        ] {
            if let Err(err) = RedisLimiter::new(url, "k") {
                assert!(matches!(err, crate::Error::Config(_)), "{err:?}");
                assert!(!format!("{err} {err:?}").contains("secret"), "{err}");
            }
        }
        let limiter = RedisLimiter::new("redis://:secret@127.0.0.1:1/", "ittybit:limit:p")
            .unwrap()
            .fallback(Fallback::Local)
            .timeout(Duration::from_millis(250));
        let shown = format!("{limiter:?}");
        assert!(!shown.contains("secret"), "{shown}");
        // The settings are shown, so that a log says which limit a client keeps.
        for setting in ["ittybit:limit:p", "Local", "250ms"] {
            assert!(shown.contains(setting), "{setting} missing from {shown}");
        }
    }
}
