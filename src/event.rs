//! Events: what happened to tasks and runs.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{Run, Task, resource};

ittybit_runtime::open_enum! {
    /// What an event reports.
    pub enum EventKind {
        /// A task was created.
        TaskCreated = "task.created",
        /// A task changed.
        TaskUpdated = "task.updated",
        /// A task succeeded.
        TaskSucceeded = "task.succeeded",
        /// A task failed.
        TaskFailed = "task.failed",
        /// A run was created.
        RunCreated = "run.created",
        /// A run changed.
        RunUpdated = "run.updated",
        /// A run succeeded.
        RunSucceeded = "run.succeeded",
        /// A run failed.
        RunFailed = "run.failed",
    }
}

impl EventKind {
    /// Whether the event is about a task (`task.*`).
    #[must_use]
    pub fn is_task(&self) -> bool {
        self.as_str().starts_with("task.")
    }

    /// Whether the event is about a run (`run.*`).
    #[must_use]
    pub fn is_run(&self) -> bool {
        self.as_str().starts_with("run.")
    }
}

/// An event. `GET /events/{id}`, `GET /events`.
#[resource(path = "/events", filters = EventFilters)]
#[derive(Debug, Clone, PartialEq, Serialize, ittybit::Deserialize)]
pub struct Event {
    /// The event id (`evt_…`).
    pub id: String,
    /// Always `"event"`.
    #[serde(default)]
    pub object: String,
    /// What happened.
    pub kind: EventKind,
    /// A snapshot of the task or run, as JSON; see [`Event::task`] and [`Event::run`].
    #[serde(default)]
    pub data: Value,
    /// When it happened (Unix seconds).
    pub created_at: i64,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: crate::JsonObject,
}

impl Event {
    /// The task snapshot of a `task.*` event; `None` for other events.
    ///
    /// # Errors
    /// A [`serde_json::Error`] when the snapshot is not a task.
    #[must_use]
    pub fn task(&self) -> Option<Result<Task, serde_json::Error>> {
        self.kind.is_task().then(|| self.decode())
    }

    /// The run snapshot of a `run.*` event; `None` for other events.
    ///
    /// # Errors
    /// A [`serde_json::Error`] when the snapshot is not a run.
    #[must_use]
    pub fn run(&self) -> Option<Result<Run, serde_json::Error>> {
        self.kind.is_run().then(|| self.decode())
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.data)
    }
}

/// Filters for `GET /events`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventFilters {
    /// Only events of this kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventKind>,
}

impl EventFilters {
    /// No filters.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Only events of this kind.
    #[must_use]
    pub fn kind(mut self, kind: EventKind) -> Self {
        self.kind = Some(kind);
        self
    }
}
