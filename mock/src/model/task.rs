//! Tasks: the stored task and a task to create.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::resource::resource;
use crate::model::status::TaskStatus;

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
