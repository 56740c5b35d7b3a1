//! Automations: `GET`/`POST /automations`, `GET`/`PATCH`/`DELETE /automations/{id}`, and
//! `POST /automations/{id}/run`, which starts a run of the automation's workflow.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::app::App;
use crate::errors::ApiError;
use crate::extract::{Caller, Id, JsonObject};
use crate::pagination::{self, ListRequest};
use crate::resources::tasks::NewTask;
use crate::respond;
use crate::store::{Identified, Store, now_unix};
use crate::validate;

/// The routes of this resource.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/automations", get(list).post(create))
        .route("/automations/{id}", get(show).patch(update).delete(remove))
        .route("/automations/{id}/run", post(run))
}

/// A stored automation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Automation {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) workflow: Vec<Value>,
    pub(crate) status: String,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

impl Identified for Automation {
    fn id(&self) -> &str {
        &self.id
    }
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

/// The tasks of a run of `steps` on `url`, depth first, parents before children. A step's
/// `options` become the task's options; a conditions step keeps its `conditions` there.
fn workflow_tasks(steps: &[Value], url: &str, parent: Option<usize>, out: &mut Vec<NewTask>) {
    for step in steps {
        let Some(body) = step.as_object() else {
            continue;
        };
        let mut options = body
            .get("options")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(conditions) = body.get("conditions").filter(|c| c.is_array()) {
            options.insert("conditions".to_owned(), conditions.clone());
        }
        let index = out.len();
        out.push(NewTask {
            kind: body
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("video")
                .to_owned(),
            options,
            metadata: Map::new(),
            url: Some(url.to_owned()),
            parent,
        });
        if let Some(next) = body.get("next").and_then(Value::as_array) {
            workflow_tasks(next, url, Some(index), out);
        }
    }
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
    State(app): State<App>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let name = validate::required_string(&body, "name")?;
    let description = validate::optional_string(&body, "description", "description")?;
    let workflow = workflow(&body, true)?.unwrap_or_default();
    let status = status(&body)?.unwrap_or_else(|| "active".to_owned());
    let mut store = app.store();
    let store = &mut *store;
    let now = now_unix();
    let automation = Automation {
        id: Store::new_id(&mut store.rng, &store.automations, "auto_"),
        object: "automation",
        name,
        description,
        workflow,
        status,
        created_at: now,
        updated_at: now,
    };
    let response = respond::json(StatusCode::CREATED, &automation);
    let seq = store.next_seq();
    store.automations.insert(seq, automation);
    Ok(response)
}

/// `GET /automations`.
async fn list(State(app): State<App>, request: ListRequest) -> Result<Response, ApiError> {
    let store = app.store();
    let page = pagination::select(&store.automations, &request.query, "automation", |_| true)?;
    Ok(pagination::respond(&page, &request))
}

/// `GET /automations/{id}`.
async fn show(State(app): State<App>, Id(id): Id) -> Result<Response, ApiError> {
    let store = app.store();
    let automation = store.automations.get(&id).ok_or_else(|| not_found(&id))?;
    Ok(respond::json(StatusCode::OK, automation))
}

/// `PATCH /automations/{id}`: changes any of `name`, `description`, `workflow`, `status`.
async fn update(
    State(app): State<App>,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let name = validate::optional_string(&body, "name", "name")?;
    let description = validate::optional_string(&body, "description", "description")?;
    let workflow = workflow(&body, false)?;
    let status = status(&body)?;
    let mut store = app.store();
    let automation = store
        .automations
        .get_mut(&id)
        .ok_or_else(|| not_found(&id))?;
    if let Some(name) = name {
        automation.name = name;
    }
    if body.contains_key("description") {
        automation.description = description;
    }
    if let Some(workflow) = workflow {
        automation.workflow = workflow;
    }
    if let Some(status) = status {
        automation.status = status;
    }
    automation.updated_at = now_unix();
    Ok(respond::json(StatusCode::OK, automation))
}

/// `DELETE /automations/{id}`: `204`.
async fn remove(State(app): State<App>, Id(id): Id) -> Result<Response, ApiError> {
    app.store()
        .automations
        .remove(&id)
        .ok_or_else(|| not_found(&id))?;
    Ok(respond::no_content())
}

/// `POST /automations/{id}/run`: `{url}`; creates a run of the workflow on that source and
/// answers `201` with the run.
async fn run(
    State(app): State<App>,
    caller: Caller,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let mut store = app.store();
    let automation = store.automations.get(&id).ok_or_else(|| not_found(&id))?;
    let url = validate::required_source_url(&body, "url")?;
    let mut tasks = Vec::new();
    workflow_tasks(&automation.workflow, &url, None, &mut tasks);
    if tasks.is_empty() {
        return Err(ApiError::invalid(format!(
            "The `workflow` of the automation `{id}` has no steps to run."
        )));
    }
    let (run_id, _) = store.create_run(tasks, Map::new(), caller.key_id);
    let run = store
        .runs
        .get(&run_id)
        .ok_or_else(|| ApiError::internal("The run was not stored."))?;
    Ok(respond::json(StatusCode::CREATED, run))
}

/// `404 automation_not_found`.
fn not_found(id: &str) -> ApiError {
    ApiError::not_found(
        "automation_not_found",
        format!("The automation `{id}` does not exist."),
    )
}
