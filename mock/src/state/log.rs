//! The request log: a total count and the most recent requests with their outcome.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::state::lock::lock;

/// How many recent requests the log keeps.
pub(crate) const MAX_RECORDED: usize = 10_000;

/// One request the server answered, as returned by
/// [`MockServer::requests`](crate::MockServer::requests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path and query exactly as received, still percent-encoded (e.g. `/tasks/..%2Fkeys`).
    pub path_and_query: String,
    /// The status code the server answered (including injected faults).
    pub status: u16,
}

/// Counts requests on arrival and keeps the last [`MAX_RECORDED`] on completion.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    count: AtomicU64,
    recent: Mutex<VecDeque<RecordedRequest>>,
}

impl RequestLog {
    /// Counts an arriving request and returns its 1-based number.
    pub(crate) fn arrive(&self) -> u64 {
        self.count.fetch_add(1, Ordering::Relaxed).wrapping_add(1)
    }

    /// Records a completed request, forgetting the oldest beyond [`MAX_RECORDED`].
    pub(crate) fn record(&self, request: RecordedRequest) {
        let mut recent = lock(&self.recent);
        if recent.len() == MAX_RECORDED {
            recent.pop_front();
        }
        recent.push_back(request);
    }

    /// Requests received so far.
    pub(crate) fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// A copy of the recent requests, oldest first.
    pub(crate) fn recent(&self) -> Vec<RecordedRequest> {
        lock(&self.recent).iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_most_recent_requests() {
        let log = RequestLog::default();
        for i in 0..=MAX_RECORDED {
            assert_eq!(log.arrive(), u64::try_from(i).unwrap() + 1);
            log.record(RecordedRequest {
                method: "GET".to_owned(),
                path_and_query: format!("/tasks/{i}"),
                status: 200,
            });
        }
        let recent = log.recent();
        assert_eq!(recent.len(), MAX_RECORDED);
        assert_eq!(recent[0].path_and_query, "/tasks/1");
        assert_eq!(log.count(), u64::try_from(MAX_RECORDED).unwrap() + 1);
    }
}
