//! Tasks, runs and events: the stored task and a task to create, the status a task or run is
//! in (as written on the wire), a stored run with the summary of each of its tasks, and the
//! events recorded when they change (with a snapshot of the task or run).

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::model::resource;

/// Known task kinds.
pub(crate) const TASK_KINDS: [&str; 13] = [
    "video",
    "adaptive_video",
    "image",
    "audio",
    "speech",
    "nsfw",
    "summary",
    "outline",
    "subtitles",
    "chapters",
    "ingest",
    "conditions",
    "upload",
];

/// A stored task; serializes to exactly the API's task fields.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Task {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) kind: String,
    pub(crate) status: TaskStatus,
    pub(crate) run_id: String,
    pub(crate) parent_id: Option<String>,
    pub(crate) progress: Option<u8>,
    pub(crate) options: Map<String, Value>,
    pub(crate) inputs: Vec<Value>,
    pub(crate) outputs: Vec<Value>,
    pub(crate) metadata: Map<String, Value>,
    pub(crate) error: Option<Value>,
    pub(crate) created_at: i64,
    pub(crate) started_at: Option<i64>,
    pub(crate) finished_at: Option<i64>,
    pub(crate) updated_at: i64,
    /// The key that created the task (only the `created_by` filter sees it).
    #[serde(skip)]
    pub(crate) created_by: Option<String>,
    /// Whether the task ends `failed` (its source URL contains `fail`).
    #[serde(skip)]
    pub(crate) fails: bool,
}

resource!(Task, "task_", "task", "task_not_found");

/// A task to create, before it has an id.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewTask {
    pub(crate) kind: String,
    pub(crate) options: Map<String, Value>,
    pub(crate) metadata: Map<String, Value>,
    /// The source media, listed in `inputs`; a URL containing `fail` makes the task fail.
    pub(crate) url: Option<String>,
    /// Index of the parent among the tasks created with it.
    pub(crate) parent: Option<usize>,
}

/// A task (or run) status; unknown values are kept as they are and never advance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TaskStatus {
    Waiting,
    Validating,
    Queued,
    Processing,
    Finishing,
    Succeeded,
    Failed,
    Cancelled,
    Other(String),
}

impl TaskStatus {
    /// Parses a status, keeping unknown values.
    pub(crate) fn parse(status: &str) -> Self {
        match status {
            "waiting" => Self::Waiting,
            "validating" => Self::Validating,
            "queued" => Self::Queued,
            "processing" => Self::Processing,
            "finishing" => Self::Finishing,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The wire form.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Waiting => "waiting",
            Self::Validating => "validating",
            Self::Queued => "queued",
            Self::Processing => "processing",
            Self::Finishing => "finishing",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Other(other) => other,
        }
    }

    /// `succeeded`, `failed` or `cancelled`.
    pub(crate) fn is_terminal(&self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }

    /// Whether the status can still move: known and not terminal.
    pub(crate) fn can_advance(&self) -> bool {
        !self.is_terminal() && !matches!(self, Self::Other(_))
    }
}

impl Serialize for TaskStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A stored run; serializes to exactly the API's run fields.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Run {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) status: TaskStatus,
    pub(crate) progress: Option<u8>,
    pub(crate) tasks: Vec<RunTask>,
    pub(crate) metadata: Map<String, Value>,
    pub(crate) error: Option<Value>,
    pub(crate) created_by: Option<String>,
    pub(crate) created_at: i64,
    pub(crate) started_at: Option<i64>,
    pub(crate) finished_at: Option<i64>,
    pub(crate) updated_at: i64,
    /// The automation that started the run, if any (only `GET /automations/{id}/runs` sees it).
    #[serde(skip)]
    pub(crate) automation_id: Option<String>,
}

resource!(Run, "run_", "run", "run_not_found");

/// A task as summarised inside its run.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RunTask {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) status: TaskStatus,
    pub(crate) progress: Option<u8>,
}

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
