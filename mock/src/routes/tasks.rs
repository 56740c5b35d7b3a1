//! Tasks, runs and events: `POST`/`GET /tasks`, `GET /tasks/{id}`, `POST`/`GET /runs`,
//! `GET /runs/{id}`, the mock's own `GET /automations/{automation_id}/runs`, and
//! `GET /events`, `GET /events/{id}` (recorded on every task and run status change).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::http::list::ListRequest;
use crate::http::request::{self, Caller, Id, JsonObject, SourceUrl, TaskKind};
use crate::http::respond::ApiError;
use crate::http::{self, respond};
use crate::model::objects::Automation;
use crate::model::task::{Event, NewTask, Run, Task};
use crate::state::SharedState;
use crate::store::Store;
use crate::store::tasks::Origin;

/// The routes of these resources.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route("/tasks", get(list_tasks).post(create_task))
        .route("/tasks/{id}", get(http::show::<Task>))
        .route("/runs", get(list_runs).post(create_run))
        .route("/runs/{id}", get(http::show::<Run>))
        .route(
            "/automations/{automation_id}/runs",
            get(list_automation_runs),
        )
        .route("/events", get(list_events))
        .route("/events/{id}", get(http::show::<Event>))
}

/// A task to create: `{kind, options?, metadata?, url?, next?}` (`next` only in a run). A
/// URL containing `fail` makes the task fail.
#[derive(Debug, Deserialize)]
struct TaskSpec {
    kind: TaskKind,
    options: Option<Map<String, Value>>,
    metadata: Option<Map<String, Value>>,
    url: Option<SourceUrl>,
    next: Option<Vec<TaskSpec>>,
}

impl TaskSpec {
    /// Appends this task and its `next` children to `out`, depth first, parents before
    /// children, each with its parent's index.
    fn flatten(self, parent: Option<usize>, out: &mut Vec<NewTask>) {
        let index = out.len();
        out.push(NewTask {
            kind: self.kind.0,
            options: self.options.unwrap_or_default(),
            metadata: self.metadata.unwrap_or_default(),
            url: self.url.map(|url| url.0),
            parent,
        });
        for child in self.next.unwrap_or_default() {
            child.flatten(Some(index), out);
        }
    }
}

/// The body of `POST /tasks`.
#[derive(Debug, Deserialize)]
struct CreateTask {
    url: SourceUrl,
    kind: TaskKind,
    options: Option<Map<String, Value>>,
    metadata: Option<Map<String, Value>>,
}

/// The body of `POST /runs`.
#[derive(Debug, Deserialize)]
struct CreateRun {
    tasks: Vec<TaskSpec>,
    metadata: Option<Map<String, Value>>,
}

/// `POST /tasks`: creates a task (in a run of its own) and answers `201` with it.
async fn create_task(
    State(state): State<SharedState>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    request::require_url(&body)?;
    let create: CreateTask = request::decode(&body)?;
    let task = NewTask {
        kind: create.kind.0,
        options: create.options.unwrap_or_default(),
        metadata: create.metadata.unwrap_or_default(),
        url: Some(create.url.0),
        parent: None,
    };
    let mut store = state.store();
    let origin = Origin {
        created_by: caller.key_id,
        automation_id: None,
    };
    let task_id = store
        .create_run(vec![task], Map::new(), origin)
        .tasks
        .first()
        .map(|task| task.id.clone());
    let task = task_id
        .and_then(|id| store.tasks.get(&id))
        .ok_or_else(|| ApiError::internal("The task was not stored."))?;
    Ok(respond::json(StatusCode::CREATED, task))
}

/// `GET /tasks`, filtered by `status`, `kind`, `run_id` and `created_by`.
async fn list_tasks(
    State(state): State<SharedState>,
    request: ListRequest,
) -> Result<Response, ApiError> {
    let (status, kind, run_id, created_by) = (
        request.param("status"),
        request.param("kind"),
        request.param("run_id"),
        request.param("created_by"),
    );
    request.respond(&state.store().tasks, |task| {
        status.is_none_or(|s| task.status.as_str() == s)
            && kind.is_none_or(|k| task.kind == k)
            && run_id.is_none_or(|r| task.run_id == r)
            && created_by.is_none_or(|c| task.created_by.as_deref() == Some(c))
    })
}

/// `POST /runs`: `{"tasks": [...], "metadata"?: {...}}`; answers `201` with the run.
async fn create_run(
    State(state): State<SharedState>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let create: CreateRun = request::decode(&body)?;
    if create.tasks.is_empty() {
        return Err(ApiError::invalid(
            "The `tasks` field must be a non-empty array of tasks.",
        ));
    }
    let mut tasks = Vec::new();
    for spec in create.tasks {
        spec.flatten(None, &mut tasks);
    }
    let mut store = state.store();
    let origin = Origin {
        created_by: caller.key_id,
        automation_id: None,
    };
    let run = store.create_run(tasks, create.metadata.unwrap_or_default(), origin);
    Ok(respond::json(StatusCode::CREATED, run))
}

/// `GET /runs`, filtered by `status`.
async fn list_runs(
    State(state): State<SharedState>,
    request: ListRequest,
) -> Result<Response, ApiError> {
    runs(&state.store(), &request, None)
}

/// `GET /automations/{automation_id}/runs` (a mock extension): the runs that
/// `POST /automations/{id}/run` started, listed and filtered exactly as `GET /runs`;
/// `404 automation_not_found` for an unknown automation.
async fn list_automation_runs(
    State(state): State<SharedState>,
    Id(automation_id): Id,
    request: ListRequest,
) -> Result<Response, ApiError> {
    let store = state.store();
    if !store.automations.contains(&automation_id) {
        return Err(ApiError::missing::<Automation>(&automation_id));
    }
    runs(&store, &request, Some(&automation_id))
}

/// The runs `request` asks for, filtered by `status` and, when given, by the automation that
/// started them.
fn runs(
    store: &Store,
    request: &ListRequest,
    automation_id: Option<&str>,
) -> Result<Response, ApiError> {
    let status = request.param("status");
    request.respond(&store.runs, |run| {
        status.is_none_or(|s| run.status.as_str() == s)
            && automation_id.is_none_or(|a| run.automation_id.as_deref() == Some(a))
    })
}

/// `GET /events`, filtered by `kind`.
async fn list_events(
    State(state): State<SharedState>,
    request: ListRequest,
) -> Result<Response, ApiError> {
    let kind = request.param("kind");
    request.respond(&state.store().events, |event| {
        kind.is_none_or(|k| event.kind == k)
    })
}
