//! Waiting for a resource to reach a terminal status: polling with backoff and a deadline.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use reqwest::Method;

use crate::client::Client;
use crate::error::{Budget, DeadlineError, Error, RequestInfo, Result};
use crate::ops;
use crate::path::{self, PathTemplate};
use crate::resource::Resource;

/// A resource that moves through statuses until a terminal one. Implement the two status
/// questions to get [`wait_until_done`](Self::wait_until_done) (call it with the trait in scope).
pub trait Lifecycle: Resource {
    /// Whether the resource has finished (succeeded, failed, cancelled, …).
    fn is_terminal(&self) -> bool;

    /// The current status, for error messages.
    fn status_text(&self) -> String;

    /// Polls `GET {PATH}/{id}`, backing off, until the resource is terminal and returns it (a
    /// failed task too, not as an error). Reads are retried by policy, cut short at the deadline.
    ///
    /// # Errors
    /// [`Error::Deadline`] (with [`Budget::Wait`]) when `options`' deadline passes first, or the
    /// error of a read that failed after retries.
    #[must_use = "the wait does nothing until it is awaited"]
    fn wait_until_done(
        client: &Client,
        id: &str,
        options: &WaitOptions,
    ) -> impl Future<Output = Result<Self>> + Send
    where
        Self: Sized,
    {
        until_terminal(client, id, options)
    }
}

/// How to wait: the deadline and the polling intervals.
///
/// ```
/// use std::time::Duration;
/// use ittybit_runtime::wait::WaitOptions;
///
/// let options = WaitOptions::default().deadline(Duration::from_secs(120));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitOptions {
    deadline: Duration,
    initial_interval: Duration,
    max_interval: Duration,
}

impl Default for WaitOptions {
    /// Up to 10 minutes, polling after 500 ms, then 1.5 times slower each time, at most every 10 s.
    fn default() -> Self {
        Self {
            deadline: Duration::from_mins(10),
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(10),
        }
    }
}

impl WaitOptions {
    crate::client::setters! {
        /// How long to wait in total.
        deadline(deadline: Duration) => deadline = deadline;
        /// The first polling interval.
        initial_interval(interval: Duration) => initial_interval = interval;
        /// The longest polling interval.
        max_interval(interval: Duration) => max_interval = interval;
    }
}

pub(crate) async fn until_terminal<T: Lifecycle>(
    client: &Client,
    id: &str,
    options: &WaitOptions,
) -> Result<T> {
    let url = path::fill(client, PathTemplate::item(T::PATH), &[&id])?;
    let request = || RequestInfo::new(Method::GET, &url);
    let started = Instant::now();
    // A deadline too far to add to the clock is no deadline.
    let deadline = started.checked_add(options.deadline);
    let mut interval = options.initial_interval;
    let mut polls: u32 = 0;
    let mut last_status = None;
    loop {
        let mut read = ops::get::<T>(client, &[&id]);
        if let Some(deadline) = deadline {
            read = read.budget_at_most(deadline.saturating_duration_since(Instant::now()));
        }
        polls = polls.saturating_add(1);
        let resource = match read.await {
            Ok(resource) => resource,
            // The read's budget was the wait's remaining time: the wait ran out.
            Err(Error::Deadline(cut)) if deadline.is_some_and(|d| Instant::now() >= d) => {
                let DeadlineError {
                    request,
                    last_error,
                    ..
                } = *cut;
                return Err(wait_error(
                    options,
                    started,
                    request,
                    polls,
                    last_status,
                    last_error,
                ));
            }
            Err(error) => return Err(error),
        };
        if resource.is_terminal() {
            return Ok(resource);
        }
        let now = Instant::now();
        if deadline.is_some_and(|d| now >= d) {
            return Err(wait_error(
                options,
                started,
                request(),
                polls,
                Some(resource.status_text()),
                None,
            ));
        }
        last_status = Some(resource.status_text());
        let remaining = deadline.map_or(Duration::MAX, |d| d.saturating_duration_since(now));
        tokio::time::sleep(interval.min(remaining)).await;
        interval = interval
            .checked_mul(3)
            .map_or(Duration::MAX, |triple| triple.div_f64(2.0))
            .min(options.max_interval);
    }
}

fn wait_error(
    options: &WaitOptions,
    started: Instant,
    request: RequestInfo,
    polls: u32,
    last_status: Option<String>,
    last_error: Option<Error>,
) -> Error {
    Error::Deadline(Box::new(DeadlineError {
        budget: Budget::Wait,
        limit: options.deadline,
        waited: started.elapsed(),
        request,
        attempts: polls,
        last_status,
        last_error,
    }))
}
