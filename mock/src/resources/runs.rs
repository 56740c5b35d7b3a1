//! Runs: `POST /runs`, `GET /runs`, `GET /runs/{id}`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::app::App;
use crate::config::Advance;
use crate::errors::ApiError;
use crate::extract::{Caller, Id, JsonObject};
use crate::pagination::{self, ListRequest};
use crate::resources::tasks::{NewTask, TaskStatus};
use crate::respond;
use crate::store::Identified;
use crate::validate;

/// The routes of this resource.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/runs", get(list).post(create))
        .route("/runs/{id}", get(show))
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
}

impl Identified for Run {
    fn id(&self) -> &str {
        &self.id
    }
}

/// A task as summarised inside its run.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RunTask {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) status: TaskStatus,
    pub(crate) progress: Option<u8>,
}

/// The status and progress of a run, derived from its tasks.
///
/// All tasks finished: `failed` if any failed, else `cancelled` if none succeeded, else
/// `succeeded`. Otherwise `processing` once any task is processing or finished, `queued` once any
/// is queued or validating, else `waiting`. Progress is the mean of the tasks' progress.
pub(crate) fn derive(tasks: &[RunTask]) -> (TaskStatus, Option<u8>) {
    let all_terminal = tasks.iter().all(|task| task.status.is_terminal());
    let any = |wanted: &[TaskStatus]| tasks.iter().any(|task| wanted.contains(&task.status));
    let status = if all_terminal {
        if any(&[TaskStatus::Failed]) {
            TaskStatus::Failed
        } else if !tasks.is_empty() && !any(&[TaskStatus::Succeeded]) {
            TaskStatus::Cancelled
        } else {
            TaskStatus::Succeeded
        }
    } else if tasks.iter().any(|t| {
        t.status.is_terminal() || matches!(t.status, TaskStatus::Processing | TaskStatus::Finishing)
    }) {
        TaskStatus::Processing
    } else if any(&[TaskStatus::Queued, TaskStatus::Validating]) {
        TaskStatus::Queued
    } else {
        TaskStatus::Waiting
    };
    let progress = if status == TaskStatus::Succeeded || tasks.is_empty() {
        100
    } else {
        let total: usize = tasks
            .iter()
            .map(|task| usize::from(task.progress.unwrap_or(0)))
            .sum();
        u8::try_from(total / tasks.len()).unwrap_or(100)
    };
    (status, Some(progress))
}

/// The `error` object of a failed run.
pub(crate) fn failure(task_id: &str) -> Value {
    json!({
        "kind": "task_failed",
        "message": format!("The task `{task_id}` failed."),
    })
}

/// Parses the task specs of a run body, flattening `next` children (depth first, parents before
/// children) with their parent's index.
///
/// Each spec is `{kind, options?, metadata?, url?, next?}`; `url` (optional here) is the source
/// media, and a URL containing `fail` makes the task fail.
pub(crate) fn parse_specs(
    specs: &[Value],
    path: &str,
    parent: Option<usize>,
    out: &mut Vec<NewTask>,
) -> Result<(), ApiError> {
    for (i, spec) in specs.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let body = validate::object_at(spec, &path)?;
        let task = NewTask {
            kind: validate::task_kind(body, &format!("{path}.kind"))?,
            options: validate::optional_object(body, "options", &format!("{path}.options"))?,
            metadata: validate::optional_object(body, "metadata", &format!("{path}.metadata"))?,
            url: validate::optional_source_url(body, &format!("{path}.url"))?,
            parent,
        };
        let index = out.len();
        out.push(task);
        if let Some(next) = validate::optional_array(body, "next", &format!("{path}.next"))? {
            parse_specs(next, &format!("{path}.next"), Some(index), out)?;
        }
    }
    Ok(())
}

/// `POST /runs`: `{"tasks": [...], "metadata"?: {...}}`; answers `201` with the run.
async fn create(
    State(app): State<App>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let specs = validate::optional_array(&body, "tasks", "tasks")?
        .filter(|specs| !specs.is_empty())
        .ok_or_else(|| {
            ApiError::invalid("The `tasks` field must be a non-empty array of tasks.")
        })?;
    let mut tasks = Vec::new();
    parse_specs(specs, "tasks", None, &mut tasks)?;
    let metadata = validate::optional_object(&body, "metadata", "metadata")?;
    let mut store = app.store();
    let (run_id, _) = store.create_run(tasks, metadata, caller.key_id);
    let run = store
        .runs
        .get(&run_id)
        .ok_or_else(|| ApiError::internal("The run was not stored."))?;
    Ok(respond::json(StatusCode::CREATED, run))
}

/// `GET /runs`, filtered by `status`.
async fn list(State(app): State<App>, request: ListRequest) -> Result<Response, ApiError> {
    let status = request.query.param("status");
    let store = app.store();
    let page = pagination::select(&store.runs, &request.query, "run", |run| {
        status.is_none_or(|s| run.status.as_str() == s)
    })?;
    Ok(pagination::respond(&page, &request))
}

/// `GET /runs/{id}`; with [`Advance::PerRead`] every task of the run first moves one step.
async fn show(State(app): State<App>, Id(id): Id) -> Result<Response, ApiError> {
    let mut store = app.store();
    if store.advance == Advance::PerRead {
        store.step_run(&id);
    }
    let run = store.runs.get(&id).ok_or_else(|| not_found(&id))?;
    Ok(respond::json(StatusCode::OK, run))
}

/// `404 run_not_found`.
pub(crate) fn not_found(id: &str) -> ApiError {
    ApiError::not_found("run_not_found", format!("The run `{id}` does not exist."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(status: &str, progress: u8) -> RunTask {
        RunTask {
            id: String::new(),
            kind: "video".into(),
            status: TaskStatus::parse(status),
            progress: Some(progress),
        }
    }

    #[test]
    fn derives_status_and_progress() {
        let derived = |tasks: &[RunTask]| {
            let (status, progress) = derive(tasks);
            (status.as_str().to_owned(), progress)
        };
        assert_eq!(
            derived(&[task("waiting", 0), task("waiting", 0)]),
            ("waiting".into(), Some(0))
        );
        assert_eq!(
            derived(&[task("queued", 0), task("waiting", 0)]),
            ("queued".into(), Some(0))
        );
        assert_eq!(
            derived(&[task("processing", 50), task("queued", 0)]),
            ("processing".into(), Some(25))
        );
        assert_eq!(
            derived(&[task("succeeded", 100), task("queued", 0)]),
            ("processing".into(), Some(50))
        );
        assert_eq!(
            derived(&[task("succeeded", 100), task("failed", 50)]),
            ("failed".into(), Some(75))
        );
        assert_eq!(
            derived(&[task("succeeded", 100)]),
            ("succeeded".into(), Some(100))
        );
    }
}
