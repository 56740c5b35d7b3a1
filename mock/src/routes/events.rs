//! Events: `GET /events`, `GET /events/{id}`. Recorded on every task and run status change.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use crate::http::handlers;
use crate::http::list::ListRequest;
use crate::http::respond::ApiError;
use crate::model::task::Event;
use crate::state::SharedState;

/// The routes of this resource.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(handlers::show::<Event>))
}

/// `GET /events`, filtered by `kind`.
async fn list(
    State(state): State<SharedState>,
    request: ListRequest,
) -> Result<Response, ApiError> {
    let kind = request.param("kind");
    request.respond(&state.store().events, |event| {
        kind.is_none_or(|k| event.kind == k)
    })
}
