//! The API's routes and the caller's own resources, behind the front door.

use axum::Router;
use axum::extract::{Extension, FromRequest, FromRequestParts, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::http::{
    self, Answer, ApiError, AutomationStatus, Body, Caller, Id, ListRequest, Shared, SourceUrl,
    TaskKind, Topic, json, no_content,
};
use crate::model::{Automation, Event, Key, NewTask, Run, Task, TaskStatus, WebhookEndpoint};
use crate::state::{ServerState, SharedState};
use crate::store::{Store, Target, now_unix};

/// The whole API and the caller's own resources behind the front door, with JSON `404`s and `405`s.
pub(crate) fn router(state: SharedState) -> Router {
    Router::new()
        .route("/tasks", get(list_tasks).post(create_task))
        .route("/tasks/{id}", get(http::show::<Task>))
        .route("/runs", get(list_runs).post(create_run))
        .route("/runs/{id}", get(http::show::<Run>))
        .route("/events", get(list_events))
        .route("/events/{id}", get(http::show::<Event>))
        .route(
            "/automations",
            get(http::list::<Automation>).post(create_automation),
        )
        .route(
            "/automations/{id}",
            get(http::show::<Automation>)
                .patch(update_automation)
                .delete(http::remove::<Automation>),
        )
        .route("/automations/{id}/run", post(run_automation))
        .route("/automations/{id}/runs", get(list_automation_runs))
        .route("/keys", get(http::list::<Key>).post(create_key))
        .route("/keys/{id}", delete(http::remove::<Key>))
        .route(
            "/webhooks/endpoints",
            get(http::list::<WebhookEndpoint>).post(create_endpoint),
        )
        .route(
            "/webhooks/endpoints/{id}",
            get(http::show::<WebhookEndpoint>)
                .patch(update_endpoint)
                .delete(http::remove::<WebhookEndpoint>),
        )
        // The caller's own resources, or `404 not_found`.
        .fallback(custom)
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(from_fn_with_state(state.clone(), http::front_door))
        .with_state(state)
}

/// A task to create: `{kind, options?, metadata?, url?, next?}` (`next` only in a run).
#[derive(Debug, Deserialize)]
struct TaskSpec {
    kind: TaskKind,
    options: Option<Map<String, Value>>,
    metadata: Option<Map<String, Value>>,
    url: Option<SourceUrl>,
    next: Option<Vec<TaskSpec>>,
}

impl TaskSpec {
    /// Appends this task and its `next` children to `out`, depth first, with parents' indexes.
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

/// The body of `POST /runs`.
#[derive(Debug, Deserialize)]
struct CreateRun {
    tasks: Vec<TaskSpec>,
    metadata: Option<Map<String, Value>>,
}

/// `POST /tasks`: creates a task (in a run of its own) and answers `201` with it.
async fn create_task(
    State(state): Shared,
    Extension(caller): Extension<Caller>,
    Body(mut body): Body,
) -> Answer {
    http::require_url(&body)?;
    body.remove("next");
    let mut task = Vec::new();
    http::decode::<TaskSpec>(&body)?.flatten(None, &mut task);
    let mut store = state.store();
    let run = store.create_run(task, Map::new(), caller.0, None);
    let id = run.tasks[0].id.clone();
    Ok(json(StatusCode::CREATED, &store.tasks.get(&id)))
}

/// `GET /tasks`, filtered by `status`, `kind`, `run_id` and `created_by`.
async fn list_tasks(State(state): Shared, request: ListRequest) -> Answer {
    let param = |name| request.param(name);
    request.respond(&state.store().tasks, |task| {
        param("status").is_none_or(|s| task.status == TaskStatus::parse(s))
            && param("kind").is_none_or(|k| task.kind == k)
            && param("run_id").is_none_or(|r| task.run_id == r)
            && param("created_by").is_none_or(|c| task.created_by.as_deref() == Some(c))
    })
}

/// `POST /runs`: `{"tasks": [...], "metadata"?: {...}}`; answers `201` with the run.
async fn create_run(
    State(state): Shared,
    Extension(caller): Extension<Caller>,
    Body(body): Body,
) -> Answer {
    let create: CreateRun = http::decode(&body)?;
    if create.tasks.is_empty() {
        let message = "The `tasks` field must be a non-empty array of tasks.";
        return Err(ApiError::invalid(message));
    }
    let mut tasks = Vec::new();
    for spec in create.tasks {
        spec.flatten(None, &mut tasks);
    }
    let mut store = state.store();
    let metadata = create.metadata.unwrap_or_default();
    let run = store.create_run(tasks, metadata, caller.0, None);
    Ok(json(StatusCode::CREATED, run))
}

/// `GET /runs`, filtered by `status`.
async fn list_runs(State(state): Shared, request: ListRequest) -> Answer {
    runs(&state.store(), &request, None)
}

/// `GET /automations/{id}/runs` (a mock extension): listed and filtered as `GET /runs`.
async fn list_automation_runs(State(state): Shared, Id(id): Id, request: ListRequest) -> Answer {
    let store = state.store();
    if !store.automations.contains(&id) {
        return Err(ApiError::missing::<Automation>(&id));
    }
    runs(&store, &request, Some(&id))
}

/// The runs `request` asks for, filtered by `status` and by the automation that started them.
fn runs(store: &Store, request: &ListRequest, automation_id: Option<&str>) -> Answer {
    let status = request.param("status");
    request.respond(&store.runs, |run| {
        status.is_none_or(|s| run.status == TaskStatus::parse(s))
            && automation_id.is_none_or(|a| run.automation_id.as_deref() == Some(a))
    })
}

/// `GET /events`, filtered by `kind`.
async fn list_events(State(state): Shared, request: ListRequest) -> Answer {
    let (kind, store) = (request.param("kind"), state.store());
    request.respond(&store.events, |event| kind.is_none_or(|k| event.kind == k))
}

/// A workflow step, only checked (workflows are stored as sent), with `conditions` when needed.
#[derive(Deserialize)]
#[serde(try_from = "StepFields")]
struct Step;

#[derive(Deserialize)]
#[expect(dead_code, reason = "decoded only to be checked")]
struct StepFields {
    kind: TaskKind,
    r#ref: Option<String>,
    options: Option<Map<String, Value>>,
    conditions: Option<Vec<Condition>>,
    next: Option<Vec<Step>>,
}

#[derive(Deserialize)]
#[expect(dead_code, reason = "decoded only to be checked")]
struct Condition {
    prop: String,
    value: Value,
}

impl TryFrom<StepFields> for Step {
    type Error = &'static str;

    fn try_from(step: StepFields) -> Result<Self, Self::Error> {
        match step.conditions {
            None if step.kind.0 == "conditions" => Err("missing field `conditions`"),
            _ => Ok(Self),
        }
    }
}

/// The body of `POST` and `PATCH /automations`.
#[derive(Deserialize)]
struct AutomationBody {
    name: Option<String>,
    description: Option<String>,
    #[serde(rename = "workflow")]
    _workflow: Option<Vec<Step>>,
    status: Option<AutomationStatus>,
}

/// The body, checked, and the workflow as sent (when given).
fn automation_body(
    body: &Map<String, Value>,
) -> Result<(AutomationBody, Option<Vec<Value>>), ApiError> {
    let workflow = body.get("workflow").and_then(Value::as_array).cloned();
    Ok((http::decode(body)?, workflow))
}

/// `POST /automations`: `{name, workflow, description?, status?}`; answers `201`.
async fn create_automation(State(state): Shared, Body(body): Body) -> Answer {
    let (checked, workflow) = automation_body(&body)?;
    let no_name = || ApiError::invalid("The `name` field is required.");
    let name = checked.name.ok_or_else(no_name)?;
    let no_workflow = || ApiError::invalid("The `workflow` field is required: an array of steps.");
    let workflow = workflow.ok_or_else(no_workflow)?;
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
async fn update_automation(State(state): Shared, Id(id): Id, Body(body): Body) -> Answer {
    let (checked, workflow) = automation_body(&body)?;
    let given = body.contains_key("description");
    let description = given.then_some(checked.description);
    http::update(&state, &id, |automation: &mut Automation, now| {
        set(&mut automation.name, checked.name);
        set(&mut automation.description, description);
        set(&mut automation.workflow, workflow);
        set(&mut automation.status, checked.status.map(|s| s.0));
        automation.updated_at = now;
    })
}

/// The body of `POST /automations/{id}/run`.
#[derive(Debug, Deserialize)]
struct RunAutomation {
    url: SourceUrl,
}

/// `POST /automations/{id}/run`: `{url}`; answers `201` with a run of the workflow on it.
async fn run_automation(
    State(state): Shared,
    Extension(caller): Extension<Caller>,
    Id(id): Id,
    Body(body): Body,
) -> Answer {
    let mut store = state.store();
    let automation = store.automations.get(&id);
    let automation = automation.ok_or_else(|| ApiError::missing::<Automation>(&id))?;
    http::require_url(&body)?;
    let run: RunAutomation = http::decode(&body)?;
    let tasks = automation.tasks_for(&run.url.0);
    if tasks.is_empty() {
        return Err(ApiError::invalid(format!(
            "The `workflow` of the automation `{id}` has no steps to run."
        )));
    }
    let run = store.create_run(tasks, Map::new(), caller.0, Some(id));
    Ok(json(StatusCode::CREATED, run))
}

/// The create response: the key plus its secret.
#[derive(Serialize)]
struct Created<'a> {
    #[serde(flatten)]
    key: &'a Key,
    secret: &'a str,
}

/// The body of `POST /keys`.
#[derive(Debug, Deserialize)]
struct CreateKey {
    name: Option<String>,
}

/// `POST /keys`: `{name?}`; answers `201` with the key and its `secret`.
async fn create_key(State(state): Shared, Body(body): Body) -> Answer {
    let create: CreateKey = http::decode(&body)?;
    let name = create.name.unwrap_or_else(|| "Untitled key".to_owned());
    let mut store = state.store();
    let secret = store.ids.random("ittybit_", 32);
    let now = now_unix();
    let key = store.create(|id| Key {
        id,
        object: "key",
        name,
        status: "active",
        created_at: now,
        updated_at: now,
        secret,
    });
    let secret = &key.secret;
    Ok(json(StatusCode::CREATED, &Created { key, secret }))
}

/// The body of `POST` and `PATCH /webhooks/endpoints`.
#[derive(Debug, Deserialize)]
struct EndpointBody {
    url: Option<String>,
    topics: Option<Vec<Topic>>,
}

/// The body, checked: the `url` is https, or http on a loopback host when the server allows it.
fn endpoint_body(state: &ServerState, body: &Map<String, Value>) -> Result<EndpointBody, ApiError> {
    let checked: EndpointBody = http::decode(body)?;
    let allowed = |url| state.webhooks.allow_http && http::is_loopback_http(url);
    match &checked.url {
        Some(url) if !http::has_scheme(url, "https") && !allowed(url) => {
            let or = (state.webhooks.allow_http).then_some(", or an http URL on a loopback host");
            let or = or.unwrap_or_default();
            Err(format!("The `url` field must be an https URL{or}, not `{url}`.").into())
        }
        _ => Ok(checked),
    }
}

/// Replaces `field` with `value` when one is given.
fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

/// Event kinds as stored.
fn kinds(topics: Vec<Topic>) -> Vec<String> {
    topics.into_iter().map(|topic| topic.0).collect()
}

/// `POST /webhooks/endpoints`: `{url, topics?}`; answers `201`.
async fn create_endpoint(State(state): Shared, Body(body): Body) -> Answer {
    let checked = endpoint_body(&state, &body)?;
    let no_url = || ApiError::invalid("The `url` field is required.");
    let url = checked.url.ok_or_else(no_url)?;
    let topics = kinds(checked.topics.unwrap_or_default());
    Ok(http::create(&state, |id, now| WebhookEndpoint {
        id,
        object: "webhook_endpoint",
        url,
        topics,
        status: "active",
        created_at: now,
        updated_at: now,
    }))
}

/// `PATCH /webhooks/endpoints/{id}`: changes `url` and/or `topics`.
async fn update_endpoint(State(state): Shared, Id(id): Id, Body(body): Body) -> Answer {
    let EndpointBody { url, topics } = endpoint_body(&state, &body)?;
    http::update(&state, &id, |endpoint: &mut WebhookEndpoint, now| {
        set(&mut endpoint.url, url);
        set(&mut endpoint.topics, topics.map(kinds));
        endpoint.updated_at = now;
    })
}

/// Answers a request no shipped route matched: the caller's own resources, or `404 not_found`.
async fn custom(State(state): Shared, request: Request) -> Answer {
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let (Target { entry, parents, id }, singleton, noun) = {
        let custom = &state.store().custom;
        let target = custom.route(&path);
        let target = target.ok_or_else(|| ApiError::route_not_found(&path))?;
        if let Some((parent, id)) = custom.missing_parent(&target) {
            return Err(ApiError::not_found(&custom.entries[parent].noun, &id));
        }
        let resource = &custom.entries[target.entry];
        (target, resource.singleton, resource.noun.clone())
    };
    let not_found = |what: &str| ApiError::not_found(&noun, what);
    let get = |id: &str| {
        let store = state.store();
        let found = store.custom.get(entry, &parents, id);
        let found = found.map(|object| json(StatusCode::OK, object));
        found.ok_or_else(|| not_found(if singleton { &path } else { id }))
    };
    match (id, parts.method.clone()) {
        (None, Method::GET) if singleton => get(""),
        (None, Method::GET) => {
            let list = ListRequest::from_request_parts(&mut parts, &state).await?;
            let store = state.store();
            let resource = &store.custom.entries[entry];
            let keep = |object: &_| resource.keeps(object, &parents, |name| list.param(name));
            list.respond(&resource.objects, keep)
        }
        (None, Method::POST) if !singleton => {
            let Body(body) = Body::from_request(Request::from_parts(parts, body), &state).await?;
            let mut guard = state.store();
            let store = &mut *guard;
            let object = store.custom.create(entry, parents, body, &mut store.ids);
            Ok(json(StatusCode::CREATED, object))
        }
        (Some(id), Method::GET) => get(&id),
        (Some(id), Method::DELETE) => {
            let removed = state.store().custom.remove(entry, &parents, &id);
            removed.then(no_content).ok_or_else(|| not_found(&id))
        }
        (id, _) => {
            let allow = match id {
                Some(_) => "GET, DELETE",
                None if singleton => "GET",
                None => "GET, POST",
            };
            Ok(([(header::ALLOW, allow)], ApiError::method_not_allowed()).into_response())
        }
    }
}
