//! Tasks: one media operation (a video encode, an image resize, a transcript, …).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::file::one_or_many;
use crate::wait::Lifecycle;
use crate::{JsonObject, MediaFile, TaskError, Timestamp, resource};

ittybit_runtime::open_enum! {
    /// Where a task (or run) is in its life. `Succeeded`, `Failed` and `Cancelled` are final.
    pub enum TaskStatus {
        /// Waiting for its inputs (e.g. a parent task).
        Waiting = "waiting",
        /// Its inputs are being checked.
        Validating = "validating",
        /// Queued for processing.
        Queued = "queued",
        /// Being processed.
        Processing = "processing",
        /// Outputs are being stored.
        Finishing = "finishing",
        /// Finished successfully.
        Succeeded = "succeeded",
        /// Finished with an error (see `error`).
        Failed = "failed",
        /// Cancelled before it finished.
        Cancelled = "cancelled",
    }
}

impl TaskStatus {
    /// Whether the status is final: succeeded, failed or cancelled.
    #[must_use]
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }
}

ittybit_runtime::open_enum! {
    /// What a task does.
    pub enum TaskKind {
        /// Encode a video.
        Video = "video",
        /// Encode an adaptive-bitrate video.
        AdaptiveVideo = "adaptive_video",
        /// Process an image.
        Image = "image",
        /// Encode audio.
        Audio = "audio",
        /// Transcribe speech.
        Speech = "speech",
        /// Detect unsafe content.
        Nsfw = "nsfw",
        /// Summarise the media.
        Summary = "summary",
        /// Outline the media.
        Outline = "outline",
        /// Generate subtitles.
        Subtitles = "subtitles",
        /// Generate chapters.
        Chapters = "chapters",
        /// Ingest media.
        Ingest = "ingest",
        /// Branch a workflow on conditions.
        Conditions = "conditions",
        /// Upload media.
        Upload = "upload",
    }
}

/// A task: one media operation. `GET /tasks/{id}`, `GET /tasks`, `POST /tasks`. Fields this
/// version does not know are kept in [`extra`](Self::extra).
#[resource(path = "/tasks", filters = TaskFilters, create = NewTask)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// The task id (`task_…`).
    pub id: String,
    /// Always `"task"`.
    #[serde(default)]
    pub object: String,
    /// What the task does.
    pub kind: TaskKind,
    /// Where the task is in its life.
    pub status: TaskStatus,
    /// The run the task belongs to.
    #[serde(default)]
    pub run_id: Option<String>,
    /// The task this one follows in a workflow.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Progress from 0 to 100, when known.
    #[serde(default)]
    pub progress: Option<f64>,
    /// Kind-specific settings (e.g. `width`, `format`).
    #[serde(default)]
    pub options: JsonObject,
    /// The media the task reads (older examples send one object as `input`).
    #[serde(default, alias = "input", deserialize_with = "one_or_many")]
    pub inputs: Vec<MediaFile>,
    /// The media the task produced: see [`Task::output`] (older examples send one `output`).
    #[serde(default, alias = "output", deserialize_with = "one_or_many")]
    pub outputs: Vec<MediaFile>,
    /// Your own key-value data.
    #[serde(default)]
    pub metadata: JsonObject,
    /// Why the task failed, when it did.
    #[serde(default)]
    pub error: Option<TaskError>,
    /// When the task was created.
    pub created_at: Timestamp,
    /// When processing started.
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    /// When the task finished.
    #[serde(default)]
    pub finished_at: Option<Timestamp>,
    /// When the task last changed.
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl Task {
    /// The task's first output (for a media task, the file it produced); `None` until success.
    ///
    /// ```
    /// let task: ittybit::Task = serde_json::from_str(r#"{"id":"task_1","kind":"video",
    ///     "status":"succeeded","created_at":1735689825,
    ///     "outputs":[{"kind":"internal","url":"https://cdn.ittybit.net/a.mp4","filesize":4382921}]}"#)?;
    /// let output = task.output().expect("a succeeded video task has an output");
    /// assert_eq!(output.url, "https://cdn.ittybit.net/a.mp4");
    /// assert_eq!(output.filesize, Some(4_382_921));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn output(&self) -> Option<&MediaFile> {
        self.outputs.first()
    }
}

impl Lifecycle for Task {
    fn is_terminal(&self) -> bool {
        self.status.is_terminal()
    }

    fn status_text(&self) -> String {
        self.status.to_string()
    }
}

/// The body of `POST /tasks`.
///
/// ```
/// use ittybit::{NewTask, TaskKind};
///
/// let body = NewTask::new("https://example.com/a.mp4", TaskKind::Video)
///     .option("width", 1280)
///     .option("format", "mp4")
///     .metadata("customer", "c_42");
/// let json = serde_json::to_value(&body).unwrap();
/// assert_eq!(json["kind"], "video");
/// assert_eq!(json["options"]["width"], 1280);
/// assert_eq!(json["metadata"]["customer"], "c_42");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTask {
    /// The source media.
    pub url: String,
    /// What to do with it.
    pub kind: TaskKind,
    /// Kind-specific settings.
    #[serde(default, skip_serializing_if = "JsonObject::is_empty")]
    pub options: JsonObject,
    /// Your own key-value data.
    #[serde(default, skip_serializing_if = "JsonObject::is_empty")]
    pub metadata: JsonObject,
}

impl NewTask {
    /// A task of `kind` on the media at `url`.
    pub fn new(url: impl Into<String>, kind: TaskKind) -> Self {
        Self {
            url: url.into(),
            kind,
            options: JsonObject::new(),
            metadata: JsonObject::new(),
        }
    }

    /// Sets one kind-specific option.
    #[must_use]
    pub fn option(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.options.insert(name.into(), value.into());
        self
    }

    /// Sets one metadata entry.
    #[must_use]
    pub fn metadata(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.metadata.insert(name.into(), value.into());
        self
    }
}

/// Filters for `GET /tasks`.
///
/// ```
/// use ittybit::{ListParams, TaskFilters, TaskKind, TaskStatus};
///
/// let params = ListParams::new().filters(TaskFilters::new().status(TaskStatus::Failed).kind(TaskKind::Video));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TaskFilters {
    /// Only tasks with this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    /// Only tasks of this kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<TaskKind>,
    /// Only tasks of this run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// Only tasks created by this key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

impl TaskFilters {
    /// No filters.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Only tasks with this status.
    #[must_use]
    pub fn status(mut self, status: TaskStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only tasks of this kind.
    #[must_use]
    pub fn kind(mut self, kind: TaskKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Only tasks of this run.
    #[must_use]
    pub fn run_id(mut self, run_id: impl Into<String>) -> Self {
        self.run_id = Some(run_id.into());
        self
    }

    /// Only tasks created by this key.
    #[must_use]
    pub fn created_by(mut self, key_id: impl Into<String>) -> Self {
        self.created_by = Some(key_id.into());
        self
    }
}
