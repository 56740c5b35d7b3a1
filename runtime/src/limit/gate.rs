//! The send loop's limits: an admission (and a slot in flight) before an attempt, a report after.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::{Admission, BoxError, Limiter, Outcome};
use crate::error::Error;
use crate::retry::RetryPolicy;

/// A client's limiter and its bound on requests in flight.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gate {
    limiter: Option<Arc<dyn Limiter>>,
    in_flight: Option<(usize, Arc<Semaphore>)>,
    /// The longest a shared pause is waited for: the retry policy's `max_retry_after`.
    max_pause: Duration,
}

impl Gate {
    pub(crate) fn new(
        limiter: Option<Arc<dyn Limiter>>,
        max_in_flight: Option<usize>,
        max_pause: Duration,
    ) -> Self {
        Self {
            limiter,
            max_pause,
            in_flight: max_in_flight.map(|n| {
                let n = n.clamp(1, Semaphore::MAX_PERMITS);
                (n, Arc::new(Semaphore::new(n)))
            }),
        }
    }

    pub(crate) fn limiter(&self) -> Option<&Arc<dyn Limiter>> {
        self.limiter.as_ref()
    }

    pub(crate) fn max_in_flight(&self) -> Option<usize> {
        self.in_flight.as_ref().map(|(n, _)| *n)
    }

    /// Runs `attempt` once a slot in flight (held until it ends) and an admission are granted.
    pub(crate) async fn run<T>(
        &self,
        attempt: impl Future<Output = T>,
    ) -> Result<(Option<Admission>, T), BoxError> {
        // The semaphore is never closed, so acquiring only waits.
        let _slot = match &self.in_flight {
            Some((_, semaphore)) => semaphore.acquire().await.ok(),
            None => None,
        };
        let admission = match &self.limiter {
            Some(limiter) => Some(limiter.acquire(self.max_pause).await?),
            None => None,
        };
        Ok((admission, attempt.await))
    }

    pub(crate) async fn record(&self, admission: Option<Admission>, outcome: Outcome) {
        if let (Some(limiter), Some(admission)) = (&self.limiter, admission) {
            limiter.record(admission, outcome).await;
        }
    }
}

/// What a failed attempt tells the limiter: a `429` pauses for its `Retry-After` (capped as the
/// retry policy caps it) or else `retry_delay`.
pub(crate) fn outcome_of(
    error: &Error,
    retry_delay: Option<Duration>,
    policy: &RetryPolicy,
) -> Outcome {
    if error.status() == Some(reqwest::StatusCode::TOO_MANY_REQUESTS) {
        let pause = error
            .retry_after()
            .map(|delay| delay.min(policy.max_retry_after))
            .or(retry_delay)
            .unwrap_or(Duration::ZERO);
        Outcome::Throttled { pause }
    } else if error.status().is_some_and(|s| s.is_server_error())
        || matches!(error, Error::Transport(_))
    {
        Outcome::Failed
    } else {
        Outcome::Passed
    }
}
