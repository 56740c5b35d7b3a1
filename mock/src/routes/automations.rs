//! Automations: `GET`/`POST /automations`, `GET`/`PATCH`/`DELETE /automations/{id}`, and
//! `POST /automations/{id}/run`, which starts a run of the automation's workflow.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Map, Value};

use crate::http::extract::{Caller, Id, JsonObject};
use crate::http::respond::ApiError;
use crate::http::{handlers, respond, validate};
use crate::model::objects::Automation;
use crate::state::SharedState;
use crate::store::tasks::Origin;

/// The routes of this resource.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            "/automations",
            get(handlers::list::<Automation>).post(create),
        )
        .route(
            "/automations/{id}",
            get(handlers::show::<Automation>)
                .patch(update)
                .delete(handlers::remove::<Automation>),
        )
        .route("/automations/{id}/run", post(run))
}

/// Checks workflow steps: `{kind, ref?, next?: [steps]}` with a known task kind, or
/// `{kind: "conditions", conditions: [{prop, value}], next?}`.
fn check_steps(steps: &[Value], path: &str) -> Result<(), ApiError> {
    for (i, step) in steps.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let body = validate::object_at(step, &path)?;
        let kind = validate::task_kind(body, &format!("{path}.kind"))?;
        validate::optional_string(body, "ref", &format!("{path}.ref"))?;
        validate::optional_object(body, "options", &format!("{path}.options"))?;
        if kind == "conditions" {
            let conditions_path = format!("{path}.conditions");
            let conditions = validate::optional_array(body, "conditions", &conditions_path)?
                .ok_or_else(|| {
                    ApiError::invalid(format!("The `{conditions_path}` field is required."))
                })?;
            for (j, condition) in conditions.iter().enumerate() {
                let condition_path = format!("{conditions_path}[{j}]");
                let condition = validate::object_at(condition, &condition_path)?;
                validate::optional_string(condition, "prop", &format!("{condition_path}.prop"))?
                    .ok_or_else(|| {
                        ApiError::invalid(format!("The `{condition_path}.prop` field is required."))
                    })?;
                if !condition.contains_key("value") {
                    return Err(ApiError::invalid(format!(
                        "The `{condition_path}.value` field is required."
                    )));
                }
            }
        }
        if let Some(next) = validate::optional_array(body, "next", &format!("{path}.next"))? {
            check_steps(next, &format!("{path}.next"))?;
        }
    }
    Ok(())
}

/// The `workflow` field, checked.
fn workflow(body: &Map<String, Value>, required: bool) -> Result<Option<Vec<Value>>, ApiError> {
    let steps = validate::optional_array(body, "workflow", "workflow")?;
    if required && steps.is_none() {
        return Err(ApiError::invalid(
            "The `workflow` field is required: an array of steps.",
        ));
    }
    steps
        .map(|steps| check_steps(steps, "workflow").map(|()| steps.clone()))
        .transpose()
}

/// The `status` field: `active` or `paused`.
fn status(body: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    let status = validate::optional_string(body, "status", "status")?;
    match status.as_deref() {
        None | Some("active" | "paused") => Ok(status),
        Some(other) => Err(ApiError::invalid(format!(
            "The `status` field must be `active` or `paused`, not `{other}`."
        ))),
    }
}

/// `POST /automations`: `{name, workflow, description?, status?}`; answers `201`.
async fn create(
    State(state): State<SharedState>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let name = validate::required_string(&body, "name")?;
    let description = validate::optional_string(&body, "description", "description")?;
    let workflow = workflow(&body, true)?.unwrap_or_default();
    let status = status(&body)?.unwrap_or_else(|| "active".to_owned());
    Ok(handlers::create(&state, |id, now| Automation {
        id,
        object: "automation",
        name,
        description,
        workflow,
        status,
        created_at: now,
        updated_at: now,
    }))
}

/// `PATCH /automations/{id}`: changes any of `name`, `description`, `workflow`, `status`.
async fn update(
    State(state): State<SharedState>,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let name = validate::optional_string(&body, "name", "name")?;
    let description = validate::optional_string(&body, "description", "description")?;
    let workflow = workflow(&body, false)?;
    let status = status(&body)?;
    let description_given = body.contains_key("description");
    handlers::update(&state, &id, |automation: &mut Automation, now| {
        if let Some(name) = name {
            automation.name = name;
        }
        if description_given {
            automation.description = description;
        }
        if let Some(workflow) = workflow {
            automation.workflow = workflow;
        }
        if let Some(status) = status {
            automation.status = status;
        }
        automation.updated_at = now;
    })
}

/// `POST /automations/{id}/run`: `{url}`; creates a run of the workflow on that source and
/// answers `201` with the run.
async fn run(
    State(state): State<SharedState>,
    caller: Caller,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let mut store = state.store();
    let automation = store
        .automations
        .get(&id)
        .ok_or_else(|| ApiError::missing::<Automation>(&id))?;
    let url = validate::required_source_url(&body, "url")?;
    let tasks = automation.tasks_for(&url);
    if tasks.is_empty() {
        return Err(ApiError::invalid(format!(
            "The `workflow` of the automation `{id}` has no steps to run."
        )));
    }
    let origin = Origin {
        created_by: caller.key_id,
        automation_id: Some(id),
    };
    let run = store.create_run(tasks, Map::new(), origin);
    Ok(respond::json(StatusCode::CREATED, run))
}
