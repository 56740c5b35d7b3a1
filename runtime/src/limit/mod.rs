//! Rate limiting: one limit shared by every request of a client (and of a fleet), optional
//! pacing, and an adaptive rate that learns from `429 Too Many Requests`.
//!
//! # One client, one limit (on by default)
//!
//! Every [`Client`](crate::Client) owns one [`Limiter`], shared by all its clones. Before each
//! attempt the client asks the limiter for an [`Admission`]; after the answer it reports the
//! [`Outcome`]. By default the limiter is a [`LocalLimiter`] without pacing: it only keeps the
//! *shared pause*. A `429` pauses every request of the client until its `Retry-After` has passed
//! (capped at [`RetryPolicy::max_retry_after`](crate::retry::RetryPolicy::max_retry_after); without a
//! `Retry-After`, for the backoff the retry policy chose), instead of letting each request find
//! the limit on its own. A request waits for a pause no longer than its own client's
//! `max_retry_after`, whoever set the pause. Requests already on the wire are not recalled. A
//! request waiting for the pause waits within its call budget
//! ([`ClientBuilder::call_timeout`](crate::ClientBuilder::call_timeout)) and fails with
//! [`Error::Deadline`](crate::Error::Deadline) when the budget runs out first.
//! [`ClientBuilder::no_limiter`](crate::ClientBuilder::no_limiter) turns all of this off (each
//! request handles its own `429`, as retries alone do).
//!
//! # Pacing (cargo feature `pacing`)
//!
//! A [`LocalLimiter::new`] with a [`Pacing`], given to
//! [`ClientBuilder::limiter`](crate::ClientBuilder::limiter), sets a client-side limit:
//!
//! - [`Pacing::per_second`] (and [`Pacing::rate`]): a GCRA (the token bucket's exact
//!   equivalent, from the `governor` crate) allowing `n` requests a second on average, with
//!   bursts of up to [`burst`](Pacing::burst) requests (default 1: evenly spaced).
//! - [`Pacing::adaptive`]: a rate that starts low, grows while requests succeed, and is cut on a
//!   `429`; see [`Adaptive`] for the algorithm and its settings.
//!
//! [`ClientBuilder::max_in_flight`](crate::ClientBuilder::max_in_flight) bounds how many
//! requests of the client are on the wire at once (a semaphore held for one attempt: retry
//! sleeps do not hold it).
//!
//! Requests wait for their turn in order of arrival (a fair queue), so a slow start or a pause
//! never starves a request. Waiting counts against the call's budget.
//!
//! # A fleet sharing one key
//!
//! Workers on several machines sharing one API key share one limit through Redis with
//! `RedisLimiter` (cargo feature `redis`): the pause, the GCRA and the adaptive rate live in one
//! Redis hash, updated atomically by a Lua script that reads Redis's own clock, so the workers'
//! clocks need not agree. Give every worker the same Redis URL and key name, e.g.
//! `RedisLimiter::new("redis://:password@10.0.0.5:6379/", "ittybit:limit:my-project")?
//! .pacing(Pacing::adaptive())`, passed to
//! [`ClientBuilder::limiter`](crate::ClientBuilder::limiter). When Redis cannot be reached,
//! its `Fallback` decides: fail the call before sending anything (the default), or go on with a
//! limit kept in the process. Either way no request is lost or sent twice.
//!
//! Any other store can be used by implementing [`Limiter`].
//!
//! # Which requests are counted
//!
//! Every attempt (retries included) takes an admission. Only `429` answers pause or slow the
//! client; other failures (5xx, transport errors) leave the limit as it is.

#[cfg(feature = "pacing")]
mod adaptive;
#[cfg(feature = "pacing")]
mod clock;
pub(crate) mod gate;
mod local;
mod pacing;
#[cfg(feature = "redis")]
mod redis;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

#[cfg(feature = "pacing")]
pub use adaptive::Adaptive;
pub(crate) use gate::Gate;
pub use local::LocalLimiter;
pub use pacing::Pacing;
#[cfg(feature = "redis")]
pub use redis::{Fallback, RedisLimiter};

/// The future a [`Limiter`] method returns.
pub type LimitFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a limiter could not admit a request (e.g. its store is unreachable).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Decides when each request of a client may be sent, and learns from the answers.
///
/// The client calls [`acquire`](Self::acquire) before every attempt and
/// [`record`](Self::record) with the admission once the attempt is answered (an attempt that
/// is cancelled, e.g. by its call budget, is not recorded). One limiter is shared by all the
/// clones of a client; share one between clients by passing the same `Arc`.
///
/// [`LocalLimiter`] keeps its state in memory; `RedisLimiter` (feature `redis`) in Redis.
pub trait Limiter: fmt::Debug + Send + Sync {
    /// Waits until one more request may be sent. An error fails the call with
    /// [`Error::Limiter`](crate::Error::Limiter) without sending anything.
    ///
    /// A shared pause (a `429`'s) is waited for at most `max_pause`, the client's
    /// [`RetryPolicy::max_retry_after`](crate::retry::RetryPolicy::max_retry_after): a pause set by a
    /// client (or a process) that honours longer `Retry-After`s holds this one no longer than
    /// its own policy would; the request is then admitted, and a server still limiting answers
    /// it with a `429` that the policy handles.
    fn acquire(&self, max_pause: Duration) -> LimitFuture<'_, Result<Admission, BoxError>>;

    /// Reports how an admitted request was answered.
    fn record(&self, admission: Admission, outcome: Outcome) -> LimitFuture<'_, ()>;
}

impl<L: Limiter + ?Sized> Limiter for std::sync::Arc<L> {
    fn acquire(&self, max_pause: Duration) -> LimitFuture<'_, Result<Admission, BoxError>> {
        (**self).acquire(max_pause)
    }

    fn record(&self, admission: Admission, outcome: Outcome) -> LimitFuture<'_, ()> {
        (**self).record(admission, outcome)
    }
}

/// A limiter's permission to send one request, handed back with its [`Outcome`].
///
/// It carries the limiter's *generation* when the request was admitted: the number of rate
/// cuts so far. A `429` for a request admitted before the latest cut says nothing new about the
/// current rate, so it extends the pause without cutting again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admission {
    generation: u64,
}

impl Admission {
    /// An admission at `generation` (for implementations of [`Limiter`]).
    #[must_use]
    pub fn new(generation: u64) -> Self {
        Self { generation }
    }

    /// The generation the request was admitted at.
    #[must_use]
    pub fn generation(self) -> u64 {
        self.generation
    }
}

/// How an admitted request was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Answered with something other than `429` and other than a server failure: the rate was
    /// fine.
    Passed,
    /// `429 Too Many Requests`: pause every request for `pause` (the `Retry-After`, capped),
    /// and, when adaptive, lower the rate.
    Throttled {
        /// How long the client's requests should wait.
        pause: Duration,
    },
    /// A server error or a transport failure: says nothing about the rate.
    Failed,
}
