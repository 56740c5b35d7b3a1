//! Rate limiting: one limit shared by a client's requests (and a fleet's), optional pacing, and
//! an adaptive rate that learns from `429 Too Many Requests`.
//!
//! # One client, one limit (on by default)
//!
//! A [`Client`](crate::Client) and its clones share one [`Limiter`], asked for an [`Admission`]
//! before each attempt (retries included) and told the [`Outcome`] after. The default, a
//! [`LocalLimiter`] without pacing, keeps only the *shared pause*: a `429` pauses every request
//! of the client until its `Retry-After` (else the retry backoff), capped at
//! [`RetryPolicy::max_retry_after`](crate::retry::RetryPolicy::max_retry_after). Requests on the
//! wire are not recalled; waiting counts against the call budget ([`crate::Error::Deadline`]).
//! Only `429`s pause or slow the client; [`crate::ClientBuilder::no_limiter`] turns this off.
//!
//! # Pacing (cargo feature `pacing`)
//!
//! A [`LocalLimiter::new`] with a [`Pacing`], given to [`crate::ClientBuilder::limiter`], sets a
//! client-side limit: [`Pacing::per_second`] (or [`Pacing::rate`]), a GCRA (`governor`) with
//! bursts of up to [`burst`](Pacing::burst) requests, or [`Pacing::adaptive`], a rate that grows
//! while requests succeed and is cut on a `429` ([`Adaptive`]). Requests wait in order of
//! arrival. [`crate::ClientBuilder::max_in_flight`] bounds requests on the wire at once.
//!
//! # A fleet sharing one key
//!
//! `RedisLimiter` (cargo feature `redis`) shares the pause, GCRA and adaptive rate of every
//! worker given the same Redis URL and key, failing or limiting locally (`Fallback`) while Redis
//! is unreachable. Any other store can implement [`Limiter`].

#[cfg(feature = "pacing")]
mod adaptive;
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

/// Decides when each request of a client may be sent, and learns from the answers: the client
/// calls [`acquire`](Self::acquire) before every attempt and [`record`](Self::record) once it is
/// answered (not when cancelled). Share one between clients by passing the same `Arc`.
pub trait Limiter: fmt::Debug + Send + Sync {
    /// Waits until one more request may be sent; an error fails the call with
    /// [`crate::Error::Limiter`], sending nothing. A shared pause, whoever set it, is waited for
    /// at most `max_pause` ([`crate::retry::RetryPolicy::max_retry_after`]), then the request is
    /// admitted.
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

/// A limiter's permission to send one request, handed back with its [`Outcome`]. It carries the
/// *generation* (rate cuts so far): a `429` for a request admitted before the latest cut extends
/// the pause without cutting again.
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

    crate::client::getters! {
        /// The generation the request was admitted at.
        generation(self) -> u64 = self.generation;
    }
}

/// How an admitted request was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Neither a `429` nor a server failure: the rate was fine.
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
