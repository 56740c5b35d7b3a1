//! The clock `governor` reads: tokio's, so that a paused test clock paces too.

use std::time::Instant;

/// `governor`'s clock, reading tokio's (which a test may pause and advance).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokioClock;

impl governor::clock::Clock for TokioClock {
    type Instant = Instant;

    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }
}
