//! A time budget that ran out: a whole call's, or a wait's.

use std::fmt;
use std::time::Duration;

use super::Error;
use super::request::RequestInfo;
use super::text::Seconds;

/// Which time budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Budget {
    /// The budget of one call: every attempt and every retry sleep (see
    /// [`ClientBuilder::call_timeout`](crate::ClientBuilder::call_timeout) and
    /// [`Call::timeout`](crate::Call::timeout)).
    Call,
    /// The deadline of a wait for a resource to finish (see
    /// [`WaitOptions::deadline`](crate::wait::WaitOptions::deadline)).
    Wait,
}

/// A time budget ran out before the call or the wait finished.
#[derive(Debug)]
pub struct DeadlineError {
    pub(crate) budget: Budget,
    pub(crate) limit: Duration,
    pub(crate) waited: Duration,
    pub(crate) request: RequestInfo,
    pub(crate) attempts: u32,
    pub(crate) last_status: Option<String>,
    pub(crate) last_error: Option<Error>,
}

impl DeadlineError {
    /// Which budget ran out.
    #[must_use]
    pub fn budget(&self) -> Budget {
        self.budget
    }

    /// The budget's length.
    #[must_use]
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// The request being made (for a wait, the `GET` that polls).
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.request
    }

    /// How long the call or the wait lasted.
    #[must_use]
    pub fn waited(&self) -> Duration {
        self.waited
    }

    /// Requests sent: the attempts of a call, or the polls of a wait.
    #[must_use]
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// For a wait, the last status seen, if any read succeeded.
    #[must_use]
    pub fn last_status(&self) -> Option<&str> {
        self.last_status.as_deref()
    }

    /// The failure of the last attempt, when one failed before the budget ran out.
    #[must_use]
    pub fn last_error(&self) -> Option<&Error> {
        self.last_error.as_ref()
    }
}

impl fmt::Display for DeadlineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.budget {
            Budget::Wait => write!(
                f,
                "{} did not finish within the wait deadline of {} (waited {})",
                super::text::shorten(self.request.path()),
                Seconds(self.limit),
                Seconds(self.waited),
            )?,
            Budget::Call => write!(
                f,
                "{}: the call budget of {} ran out after {} attempt{}",
                self.request,
                Seconds(self.limit),
                self.attempts,
                if self.attempts == 1 { "" } else { "s" },
            )?,
        }
        if let Some(status) = &self.last_status {
            write!(f, " (last status: {})", super::text::shorten(status))?;
        }
        if let Some(error) = &self.last_error {
            write!(f, "; last error: {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DeadlineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.last_error
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
