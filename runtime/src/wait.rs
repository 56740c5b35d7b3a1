//! Waiting for a resource to reach a terminal status: polling with backoff and a deadline.

use std::time::Duration;

use tokio::time::Instant;

use crate::client::Client;
use crate::error::{DeadlineError, Error, Result};
use crate::ops;
use crate::resource::Resource;

/// A resource that moves through statuses until it reaches a terminal one.
pub trait Lifecycle: Resource {
    /// Whether the resource has finished (succeeded, failed, cancelled, …).
    fn is_terminal(&self) -> bool;

    /// The current status, for error messages.
    fn status_text(&self) -> String;
}

/// How to wait: the deadline and the polling intervals.
///
/// ```
/// use std::time::Duration;
/// use ittybit_runtime::WaitOptions;
///
/// let options = WaitOptions::default().deadline(Duration::from_secs(120));
/// assert_eq!(options.get_deadline(), Duration::from_secs(120));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitOptions {
    deadline: Duration,
    initial_interval: Duration,
    max_interval: Duration,
}

impl Default for WaitOptions {
    /// Up to 10 minutes, polling after 500 ms and then 1.5 times slower each time, at most
    /// every 10 s.
    fn default() -> Self {
        Self {
            deadline: Duration::from_mins(10),
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(10),
        }
    }
}

impl WaitOptions {
    /// How long to wait in total.
    #[must_use]
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The first polling interval.
    #[must_use]
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest polling interval.
    #[must_use]
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// The configured deadline.
    #[must_use]
    pub fn get_deadline(&self) -> Duration {
        self.deadline
    }
}

/// Polls `GET {PATH}/{id}` until the resource is terminal, and returns it.
///
/// Each read is retried by the client's policy; an error that survives it ends the wait.
///
/// # Errors
/// [`Error::Deadline`] when the deadline passes first (with the last status seen), or the
/// error of a failed read.
pub async fn until_terminal<T: Lifecycle>(
    client: &Client,
    id: &str,
    options: &WaitOptions,
) -> Result<T> {
    let started = Instant::now();
    let deadline = started + options.deadline;
    let mut interval = options.initial_interval;
    loop {
        let resource: T = ops::get(client, &[&id]).await?;
        if resource.is_terminal() {
            return Ok(resource);
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::Deadline(Box::new(DeadlineError {
                path: format!("{}/{id}", T::PATH),
                waited: now - started,
                last_status: Some(resource.status_text()),
            })));
        }
        tokio::time::sleep(interval.min(deadline - now)).await;
        interval = interval.mul_f64(1.5).min(options.max_interval);
    }
}
