//! Events: what happened to a task or run, with a snapshot of it.

use serde::Serialize;
use serde_json::Value;

use crate::model::resource::resource;

/// Known event kinds (also the valid webhook topics).
pub(crate) const EVENT_KINDS: [&str; 8] = [
    "task.created",
    "task.updated",
    "task.succeeded",
    "task.failed",
    "run.created",
    "run.updated",
    "run.succeeded",
    "run.failed",
];

/// A stored event; `data` is a snapshot of the task or run when the event happened.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Event {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) data: Value,
    pub(crate) created_at: i64,
}

resource!(Event, "evt_", "event", "event_not_found");
