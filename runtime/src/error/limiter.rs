//! A rate limiter that could not be consulted: nothing was sent.

use std::fmt;

use super::request::RequestInfo;

/// The client's [`Limiter`](crate::limit::Limiter) failed before the request was sent, for
/// example because the Redis server that a `RedisLimiter` (cargo feature `redis`) shares is
/// unreachable and its fallback is to fail. The request was not sent, so it can be made again without being duplicated.
#[derive(Debug)]
pub struct LimiterError {
    pub(crate) request: RequestInfo,
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

impl LimiterError {
    /// The request that was not sent.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }
}

impl fmt::Display for LimiterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: not sent: the rate limiter failed: {}",
            self.request, self.source
        )?;
        let mut source = self.source.source();
        while let Some(err) = source {
            write!(f, ": {err}")?;
            source = err.source();
        }
        Ok(())
    }
}

impl std::error::Error for LimiterError {}
