//! Tasks: `POST /tasks`, `GET /tasks`, `GET /tasks/{id}`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use crate::app::App;
use crate::config::Advance;
use crate::errors::ApiError;
use crate::extract::{Caller, Id, JsonObject};
use crate::pagination::{self, ListRequest};
use crate::respond;
use crate::store::Identified;
use crate::validate;

/// The routes of this resource.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/tasks", get(list).post(create))
        .route("/tasks/{id}", get(show))
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
}

impl Serialize for TaskStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

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

impl Identified for Task {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The event a step records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepEvent {
    Updated,
    Succeeded,
    Failed,
}

impl Task {
    /// Moves the task one step along `waiting → queued → processing → succeeded` (or `failed`),
    /// returning the event to record, or `None` when it cannot move.
    pub(crate) fn step(&mut self, now: i64) -> Option<StepEvent> {
        let event = match self.status {
            TaskStatus::Waiting | TaskStatus::Validating => {
                self.status = TaskStatus::Queued;
                self.progress = Some(0);
                StepEvent::Updated
            }
            TaskStatus::Queued => {
                self.status = TaskStatus::Processing;
                self.progress = Some(50);
                self.started_at = Some(now);
                StepEvent::Updated
            }
            TaskStatus::Processing | TaskStatus::Finishing => {
                self.started_at.get_or_insert(now);
                self.finished_at = Some(now);
                if self.fails {
                    self.status = TaskStatus::Failed;
                    self.error = Some(failure());
                    StepEvent::Failed
                } else {
                    self.status = TaskStatus::Succeeded;
                    self.progress = Some(100);
                    StepEvent::Succeeded
                }
            }
            TaskStatus::Succeeded
            | TaskStatus::Failed
            | TaskStatus::Cancelled
            | TaskStatus::Other(_) => return None,
        };
        self.updated_at = now;
        Some(event)
    }
}

/// The `error` object of a failed task.
pub(crate) fn failure() -> Value {
    json!({
        "kind": "processing_failed",
        "message": "The source media could not be processed.",
    })
}

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

/// `POST /tasks`: creates a task (in a run of its own) and answers `201` with it.
async fn create(
    State(app): State<App>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let url = validate::required_source_url(&body, "url")?;
    let kind = validate::task_kind(&body, "kind")?;
    let options = validate::optional_object(&body, "options", "options")?;
    let metadata = validate::optional_object(&body, "metadata", "metadata")?;
    let task = NewTask {
        kind,
        options,
        metadata,
        url: Some(url),
        parent: None,
    };
    let mut store = app.store();
    let (_, task_ids) = store.create_run(vec![task], Map::new(), caller.key_id);
    let task = task_ids
        .first()
        .and_then(|id| store.tasks.get(id))
        .ok_or_else(|| ApiError::internal("The task was not stored."))?;
    Ok(respond::json(StatusCode::CREATED, task))
}

/// `GET /tasks`, filtered by `status`, `kind`, `run_id` and `created_by`.
async fn list(State(app): State<App>, request: ListRequest) -> Result<Response, ApiError> {
    let query = &request.query;
    let (status, kind, run_id, created_by) = (
        query.param("status"),
        query.param("kind"),
        query.param("run_id"),
        query.param("created_by"),
    );
    let store = app.store();
    let page = pagination::select(&store.tasks, query, "task", |task| {
        status.is_none_or(|s| task.status.as_str() == s)
            && kind.is_none_or(|k| task.kind == k)
            && run_id.is_none_or(|r| task.run_id == r)
            && created_by.is_none_or(|c| task.created_by.as_deref() == Some(c))
    })?;
    Ok(pagination::respond(&page, &request))
}

/// `GET /tasks/{id}`; with [`Advance::PerRead`] the task first moves one step.
async fn show(State(app): State<App>, Id(id): Id) -> Result<Response, ApiError> {
    let mut store = app.store();
    if store.advance == Advance::PerRead {
        store.step_task(&id);
    }
    let task = store.tasks.get(&id).ok_or_else(|| not_found(&id))?;
    Ok(respond::json(StatusCode::OK, task))
}

/// `404 task_not_found`.
fn not_found(id: &str) -> ApiError {
    ApiError::not_found("task_not_found", format!("The task `{id}` does not exist."))
}
