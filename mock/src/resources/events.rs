//! Events: `GET /events`, `GET /events/{id}`. Recorded on every task and run status change.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;
use serde_json::Value;

use crate::app::App;
use crate::errors::ApiError;
use crate::extract::Id;
use crate::pagination::{self, ListRequest};
use crate::respond;
use crate::store::Identified;

/// The routes of this resource.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(show))
}

/// A stored event; `data` is a snapshot of the task or run when the event happened.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Event {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) data: Value,
    pub(crate) created_at: i64,
}

impl Identified for Event {
    fn id(&self) -> &str {
        &self.id
    }
}

/// `GET /events`, filtered by `kind`.
async fn list(State(app): State<App>, request: ListRequest) -> Result<Response, ApiError> {
    let kind = request.query.param("kind");
    let store = app.store();
    let page = pagination::select(&store.events, &request.query, "event", |event| {
        kind.is_none_or(|k| event.kind == k)
    })?;
    Ok(pagination::respond(&page, &request))
}

/// `GET /events/{id}`.
async fn show(State(app): State<App>, Id(id): Id) -> Result<Response, ApiError> {
    let store = app.store();
    let event = store.events.get(&id).ok_or_else(|| {
        ApiError::not_found(
            "event_not_found",
            format!("The event `{id}` does not exist."),
        )
    })?;
    Ok(respond::json(StatusCode::OK, event))
}
