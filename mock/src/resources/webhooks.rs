//! Webhook endpoints: `POST`/`GET /webhooks/endpoints`, `GET`/`PATCH`/`DELETE
//! /webhooks/endpoints/{id}`. Nothing is ever delivered to them.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::app::App;
use crate::errors::ApiError;
use crate::extract::{Id, JsonObject};
use crate::pagination::{self, ListRequest};
use crate::respond;
use crate::store::{Identified, Store, now_unix};
use crate::validate;

/// The routes of this resource.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/webhooks/endpoints", get(list).post(create))
        .route(
            "/webhooks/endpoints/{id}",
            get(show).patch(update).delete(remove),
        )
}

/// A stored webhook endpoint.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WebhookEndpoint {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) url: String,
    pub(crate) topics: Vec<String>,
    pub(crate) status: &'static str,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

impl Identified for WebhookEndpoint {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The `url` field: required on create, always https.
fn endpoint_url(body: &Map<String, Value>, required: bool) -> Result<Option<String>, ApiError> {
    let url = if required {
        Some(validate::required_string(body, "url")?)
    } else {
        validate::optional_string(body, "url", "url")?
    };
    if let Some(url) = &url
        && !validate::has_scheme(url, "https")
    {
        return Err(ApiError::invalid(format!(
            "The `url` field must be an https URL, not `{url}`."
        )));
    }
    Ok(url)
}

/// The `topics` field: an array of known event kinds.
fn endpoint_topics(body: &Map<String, Value>) -> Result<Option<Vec<String>>, ApiError> {
    validate::optional_array(body, "topics", "topics")?
        .map(|topics| validate::topics(topics, "topics"))
        .transpose()
}

/// `POST /webhooks/endpoints`: `{url, topics?}`; answers `201`.
async fn create(
    State(app): State<App>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let url = endpoint_url(&body, true)?.unwrap_or_default();
    let topics = endpoint_topics(&body)?.unwrap_or_default();
    let mut store = app.store();
    let store = &mut *store;
    let now = now_unix();
    let endpoint = WebhookEndpoint {
        id: Store::new_id(&mut store.rng, &store.webhooks, "we_"),
        object: "webhook_endpoint",
        url,
        topics,
        status: "active",
        created_at: now,
        updated_at: now,
    };
    let response = respond::json(StatusCode::CREATED, &endpoint);
    let seq = store.next_seq();
    store.webhooks.insert(seq, endpoint);
    Ok(response)
}

/// `GET /webhooks/endpoints`.
async fn list(State(app): State<App>, request: ListRequest) -> Result<Response, ApiError> {
    let store = app.store();
    let page = pagination::select(&store.webhooks, &request.query, "webhook endpoint", |_| {
        true
    })?;
    Ok(pagination::respond(&page, &request))
}

/// `GET /webhooks/endpoints/{id}`.
async fn show(State(app): State<App>, Id(id): Id) -> Result<Response, ApiError> {
    let store = app.store();
    let endpoint = store.webhooks.get(&id).ok_or_else(|| not_found(&id))?;
    Ok(respond::json(StatusCode::OK, endpoint))
}

/// `PATCH /webhooks/endpoints/{id}`: changes `url` and/or `topics`.
async fn update(
    State(app): State<App>,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let url = endpoint_url(&body, false)?;
    let topics = endpoint_topics(&body)?;
    let mut store = app.store();
    let endpoint = store.webhooks.get_mut(&id).ok_or_else(|| not_found(&id))?;
    if let Some(url) = url {
        endpoint.url = url;
    }
    if let Some(topics) = topics {
        endpoint.topics = topics;
    }
    endpoint.updated_at = now_unix();
    Ok(respond::json(StatusCode::OK, endpoint))
}

/// `DELETE /webhooks/endpoints/{id}`: `204`.
async fn remove(State(app): State<App>, Id(id): Id) -> Result<Response, ApiError> {
    app.store()
        .webhooks
        .remove(&id)
        .ok_or_else(|| not_found(&id))?;
    Ok(respond::no_content())
}

/// `404 webhook_endpoint_not_found`.
fn not_found(id: &str) -> ApiError {
    ApiError::not_found(
        "webhook_endpoint_not_found",
        format!("The webhook endpoint `{id}` does not exist."),
    )
}
