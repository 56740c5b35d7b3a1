//! Webhook endpoints: `POST`/`GET /webhooks/endpoints`, `GET`/`PATCH`/`DELETE
//! /webhooks/endpoints/{id}`. Events are delivered to them in the background (see
//! `state/delivery.rs`).

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::http;
use crate::http::request::{self, Id, JsonObject, Topic};
use crate::http::respond::ApiError;
use crate::model::objects::WebhookEndpoint;
use crate::state::{ServerState, SharedState};

/// The routes of this resource.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            "/webhooks/endpoints",
            get(http::list::<WebhookEndpoint>).post(create),
        )
        .route(
            "/webhooks/endpoints/{id}",
            get(http::show::<WebhookEndpoint>)
                .patch(update)
                .delete(http::remove::<WebhookEndpoint>),
        )
}

/// The body of `POST` and `PATCH /webhooks/endpoints`.
#[derive(Debug, Deserialize)]
struct EndpointBody {
    url: Option<String>,
    topics: Option<Vec<Topic>>,
}

/// The body, checked: the `url` is https, or plain http on a loopback host when the server
/// allows it ([`MockConfig::allow_http_webhooks`](crate::MockConfig::allow_http_webhooks)).
fn endpoint_body(state: &ServerState, body: &Map<String, Value>) -> Result<EndpointBody, ApiError> {
    let checked: EndpointBody = request::decode(body)?;
    if let Some(url) = &checked.url
        && !request::has_scheme(url, "https")
    {
        if !state.allows_http_webhooks() {
            return Err(ApiError::invalid(format!(
                "The `url` field must be an https URL, not `{url}`."
            )));
        }
        if !request::is_loopback_http(url) {
            return Err(ApiError::invalid(format!(
                "The `url` field must be an https URL, or an http URL on a loopback host, not `{url}`."
            )));
        }
    }
    Ok(checked)
}

/// Event kinds as stored.
fn kinds(topics: Vec<Topic>) -> Vec<String> {
    topics.into_iter().map(|topic| topic.0).collect()
}

/// `POST /webhooks/endpoints`: `{url, topics?}`; answers `201`.
async fn create(
    State(state): State<SharedState>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let checked = endpoint_body(&state, &body)?;
    let url = checked
        .url
        .ok_or_else(|| ApiError::invalid("The `url` field is required."))?;
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
async fn update(
    State(state): State<SharedState>,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let EndpointBody { url, topics } = endpoint_body(&state, &body)?;
    http::update(&state, &id, |endpoint: &mut WebhookEndpoint, now| {
        if let Some(url) = url {
            endpoint.url = url;
        }
        if let Some(topics) = topics {
            endpoint.topics = kinds(topics);
        }
        endpoint.updated_at = now;
    })
}
