//! Runs: `POST /runs`, `GET /runs`, `GET /runs/{id}`, and the mock's own
//! `GET /automations/{automation_id}/runs`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde_json::Value;

use crate::http::extract::{Caller, Id, JsonObject};
use crate::http::list::ListRequest;
use crate::http::respond::ApiError;
use crate::http::{handlers, respond, validate};
use crate::model::objects::Automation;
use crate::model::task::{NewTask, Run};
use crate::state::SharedState;
use crate::store::Store;
use crate::store::tasks::Origin;

/// The routes of this resource.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route("/runs", get(list).post(create))
        .route("/runs/{id}", get(handlers::show::<Run>))
        .route(
            "/automations/{automation_id}/runs",
            get(list_for_automation),
        )
}

/// Parses the task specs of a run body, flattening `next` children (depth first, parents before
/// children) with their parent's index.
///
/// Each spec is `{kind, options?, metadata?, url?, next?}`; `url` (optional here) is the source
/// media, and a URL containing `fail` makes the task fail.
fn parse_specs(
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
    State(state): State<SharedState>,
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
    let mut store = state.store();
    let origin = Origin {
        created_by: caller.key_id,
        automation_id: None,
    };
    let run = store.create_run(tasks, metadata, origin);
    Ok(respond::json(StatusCode::CREATED, run))
}

/// `GET /runs`, filtered by `status`.
async fn list(
    State(state): State<SharedState>,
    request: ListRequest,
) -> Result<Response, ApiError> {
    list_runs(&state.store(), &request, None)
}

/// `GET /automations/{automation_id}/runs` (a mock extension): the runs that
/// `POST /automations/{id}/run` started, listed and filtered exactly as `GET /runs`;
/// `404 automation_not_found` for an unknown automation.
async fn list_for_automation(
    State(state): State<SharedState>,
    Id(automation_id): Id,
    request: ListRequest,
) -> Result<Response, ApiError> {
    let store = state.store();
    if !store.automations.contains(&automation_id) {
        return Err(ApiError::missing::<Automation>(&automation_id));
    }
    list_runs(&store, &request, Some(&automation_id))
}

/// The runs `request` asks for, filtered by `status` and, when given, by the automation that
/// started them.
fn list_runs(
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
