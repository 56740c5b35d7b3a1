//! Automations: `GET`/`POST /automations`, `GET`/`PATCH`/`DELETE /automations/{id}`, and
//! `POST /automations/{id}/run`, which starts a run of the automation's workflow.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::http::request::{self, Caller, Id, JsonObject, SourceUrl, TaskKind};
use crate::http::respond::ApiError;
use crate::http::{self, respond};
use crate::model::objects::Automation;
use crate::state::SharedState;
use crate::store::tasks::Origin;

/// The routes of this resource.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route("/automations", get(http::list::<Automation>).post(create))
        .route(
            "/automations/{id}",
            get(http::show::<Automation>)
                .patch(update)
                .delete(http::remove::<Automation>),
        )
        .route("/automations/{id}/run", post(run))
}

/// A workflow step: `{kind, ref?, options?, next?: [steps]}` with a known task kind, or
/// `{kind: "conditions", conditions: [{prop, value}], next?}`. Only checked: the workflow is
/// stored as sent.
#[derive(Debug, Deserialize)]
struct Step {
    kind: TaskKind,
    #[serde(rename = "ref")]
    _ref: Option<String>,
    #[serde(rename = "options")]
    _options: Option<Map<String, Value>>,
    conditions: Option<Vec<Condition>>,
    next: Option<Vec<Step>>,
}

/// A condition of a conditions step.
#[derive(Debug, Deserialize)]
struct Condition {
    #[serde(rename = "prop")]
    _prop: String,
    #[serde(rename = "value")]
    _value: Value,
}

/// The body of `POST` and `PATCH /automations`.
#[derive(Debug, Deserialize)]
struct AutomationBody {
    name: Option<String>,
    description: Option<String>,
    workflow: Option<Vec<Step>>,
    status: Option<Status>,
}

/// An automation's status: `active` or `paused`.
#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
struct Status(String);

impl TryFrom<String> for Status {
    type Error = String;

    fn try_from(status: String) -> Result<Self, String> {
        match status.as_str() {
            "active" | "paused" => Ok(Self(status)),
            _ => Err(format!("must be `active` or `paused`, not `{status}`")),
        }
    }
}

/// Checks that every conditions step (at `path`) has its `conditions`.
fn check_conditions(steps: &[Step], path: &str) -> Result<(), ApiError> {
    for (i, step) in steps.iter().enumerate() {
        let path = format!("{path}[{i}]");
        if step.kind.0 == "conditions" && step.conditions.is_none() {
            return Err(ApiError::invalid(format!(
                "The `{path}.conditions` field is required."
            )));
        }
        check_conditions(
            step.next.as_deref().unwrap_or_default(),
            &format!("{path}.next"),
        )?;
    }
    Ok(())
}

/// The body, checked, and the workflow as sent (when given).
fn automation_body(
    body: &Map<String, Value>,
) -> Result<(AutomationBody, Option<Vec<Value>>), ApiError> {
    let checked: AutomationBody = request::decode(body)?;
    check_conditions(checked.workflow.as_deref().unwrap_or_default(), "workflow")?;
    let workflow = checked
        .workflow
        .as_ref()
        .and(body.get("workflow").and_then(Value::as_array).cloned());
    Ok((checked, workflow))
}

/// `POST /automations`: `{name, workflow, description?, status?}`; answers `201`.
async fn create(
    State(state): State<SharedState>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let (checked, workflow) = automation_body(&body)?;
    let name = checked
        .name
        .ok_or_else(|| ApiError::invalid("The `name` field is required."))?;
    let workflow = workflow
        .ok_or_else(|| ApiError::invalid("The `workflow` field is required: an array of steps."))?;
    let status = checked.status.map_or_else(|| "active".to_owned(), |s| s.0);
    Ok(http::create(&state, |id, now| Automation {
        id,
        object: "automation",
        name,
        description: checked.description,
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
    let (checked, workflow) = automation_body(&body)?;
    let description_given = body.contains_key("description");
    http::update(&state, &id, |automation: &mut Automation, now| {
        if let Some(name) = checked.name {
            automation.name = name;
        }
        if description_given {
            automation.description = checked.description;
        }
        if let Some(workflow) = workflow {
            automation.workflow = workflow;
        }
        if let Some(status) = checked.status {
            automation.status = status.0;
        }
        automation.updated_at = now;
    })
}

/// The body of `POST /automations/{id}/run`.
#[derive(Debug, Deserialize)]
struct RunAutomation {
    url: SourceUrl,
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
    request::require_url(&body)?;
    let run: RunAutomation = request::decode(&body)?;
    let tasks = automation.tasks_for(&run.url.0);
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
