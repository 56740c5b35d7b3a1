//! Runs: a workflow execution holding one or more tasks.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wait::Lifecycle;
use crate::{JsonObject, TaskError, TaskKind, TaskStatus, Timestamp, resource};

/// A run: a workflow execution and its tasks. `GET /runs/{id}`, `GET /runs`, `POST /runs`.
#[resource(path = "/runs", filters = RunFilters, create = NewRun)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The run id (`run_…`).
    pub id: String,
    /// Always `"run"`.
    #[serde(default)]
    pub object: String,
    /// Where the run is in its life (the task statuses).
    pub status: TaskStatus,
    /// Progress from 0 to 100, when known.
    #[serde(default)]
    pub progress: Option<f64>,
    /// The run's tasks.
    #[serde(default)]
    pub tasks: Vec<RunTask>,
    /// Your own key-value data.
    #[serde(default)]
    pub metadata: JsonObject,
    /// Why the run failed, when it did.
    #[serde(default)]
    pub error: Option<TaskError>,
    /// The key that created the run.
    #[serde(default)]
    pub created_by: Option<String>,
    /// When the run was created.
    pub created_at: Timestamp,
    /// When processing started.
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    /// When the run finished.
    #[serde(default)]
    pub finished_at: Option<Timestamp>,
    /// When the run last changed.
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A task as listed in its run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunTask {
    /// The task id.
    pub id: String,
    /// What the task does.
    pub kind: TaskKind,
    /// Where the task is in its life.
    pub status: TaskStatus,
    /// Progress from 0 to 100, when known.
    #[serde(default)]
    pub progress: Option<f64>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl Lifecycle for Run {
    fn is_terminal(&self) -> bool {
        self.status.is_terminal()
    }

    fn status_text(&self) -> String {
        self.status.to_string()
    }
}

/// The body of `POST /runs`: the tasks to run, each with the tasks that follow it.
///
/// ```
/// use ittybit::{NewRun, RunStep, TaskKind};
///
/// let run = NewRun::new(vec![
///     RunStep::new(TaskKind::Ingest).then(RunStep::new(TaskKind::Video).option("width", 720)),
/// ]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRun {
    /// The first tasks of the run.
    pub tasks: Vec<RunStep>,
    /// Your own key-value data.
    #[serde(default, skip_serializing_if = "JsonObject::is_empty")]
    pub metadata: JsonObject,
}

impl NewRun {
    /// A run of these tasks.
    #[must_use]
    pub fn new(tasks: Vec<RunStep>) -> Self {
        Self {
            tasks,
            metadata: JsonObject::new(),
        }
    }
}

/// One task of a new run, with the tasks that follow it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunStep {
    /// What the task does.
    pub kind: TaskKind,
    /// Kind-specific settings.
    #[serde(default, skip_serializing_if = "JsonObject::is_empty")]
    pub options: JsonObject,
    /// Tasks that run on this task's output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next: Vec<RunStep>,
}

impl RunStep {
    /// A step of `kind`.
    #[must_use]
    pub fn new(kind: TaskKind) -> Self {
        Self {
            kind,
            options: JsonObject::new(),
            next: Vec::new(),
        }
    }

    /// Sets one kind-specific option.
    #[must_use]
    pub fn option(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.options.insert(name.into(), value.into());
        self
    }

    /// Adds a step that runs on this step's output.
    #[must_use]
    pub fn then(mut self, step: RunStep) -> Self {
        self.next.push(step);
        self
    }
}

/// Filters for `GET /runs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunFilters {
    /// Only runs with this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
}

impl RunFilters {
    /// No filters.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Only runs with this status.
    #[must_use]
    pub fn status(mut self, status: TaskStatus) -> Self {
        self.status = Some(status);
        self
    }
}
