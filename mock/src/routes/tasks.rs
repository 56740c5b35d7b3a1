//! Tasks: `POST /tasks`, `GET /tasks`, `GET /tasks/{id}`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde_json::Map;

use crate::http::extract::{Caller, JsonObject};
use crate::http::list::ListRequest;
use crate::http::respond::ApiError;
use crate::http::{handlers, respond, validate};
use crate::model::task::{NewTask, Task};
use crate::state::SharedState;
use crate::store::tasks::Origin;

/// The routes of this resource.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route("/tasks", get(list).post(create))
        .route("/tasks/{id}", get(handlers::show::<Task>))
}

/// `POST /tasks`: creates a task (in a run of its own) and answers `201` with it.
async fn create(
    State(state): State<SharedState>,
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
async fn list(
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
