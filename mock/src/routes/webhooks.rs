//! Webhook endpoints: `POST`/`GET /webhooks/endpoints`, `GET`/`PATCH`/`DELETE
//! /webhooks/endpoints/{id}`. Events are delivered to them in the background (see
//! `state/delivery.rs`).

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Map, Value};

use crate::http::extract::{Id, JsonObject};
use crate::http::respond::ApiError;
use crate::http::{handlers, validate};
use crate::model::objects::WebhookEndpoint;
use crate::state::{ServerState, SharedState};

/// The routes of this resource.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            "/webhooks/endpoints",
            get(handlers::list::<WebhookEndpoint>).post(create),
        )
        .route(
            "/webhooks/endpoints/{id}",
            get(handlers::show::<WebhookEndpoint>)
                .patch(update)
                .delete(handlers::remove::<WebhookEndpoint>),
        )
}

/// The `url` field: required on create; https, or plain http on a loopback host when the
/// server allows it ([`MockConfig::allow_http_webhooks`](crate::MockConfig::allow_http_webhooks)).
fn endpoint_url(
    state: &ServerState,
    body: &Map<String, Value>,
    required: bool,
) -> Result<Option<String>, ApiError> {
    let url = if required {
        Some(validate::required_string(body, "url")?)
    } else {
        validate::optional_string(body, "url", "url")?
    };
    if let Some(url) = &url
        && !validate::has_scheme(url, "https")
    {
        if state.allows_http_webhooks() {
            if !validate::is_loopback_http(url) {
                return Err(ApiError::invalid(format!(
                    "The `url` field must be an https URL, or an http URL on a loopback host, not `{url}`."
                )));
            }
        } else {
            return Err(ApiError::invalid(format!(
                "The `url` field must be an https URL, not `{url}`."
            )));
        }
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
    State(state): State<SharedState>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let url = endpoint_url(&state, &body, true)?.unwrap_or_default();
    let topics = endpoint_topics(&body)?.unwrap_or_default();
    Ok(handlers::create(&state, |id, now| WebhookEndpoint {
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
    let url = endpoint_url(&state, &body, false)?;
    let topics = endpoint_topics(&body)?;
    handlers::update(&state, &id, |endpoint: &mut WebhookEndpoint, now| {
        if let Some(url) = url {
            endpoint.url = url;
        }
        if let Some(topics) = topics {
            endpoint.topics = topics;
        }
        endpoint.updated_at = now;
    })
}
