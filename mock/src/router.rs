//! The complete router: every resource's routes behind the front door.

use axum::{Router, middleware};

use crate::http::frontdoor;
use crate::http::respond::ApiError;
use crate::routes;
use crate::state::SharedState;

/// The whole API and the caller's own resources behind the front door (recording, latency,
/// faults, auth), with JSON errors for unknown paths (`404 not_found`) and methods
/// (`405 method_not_allowed`).
pub(crate) fn router(state: SharedState) -> Router {
    Router::new()
        .merge(routes::tasks::routes())
        .merge(routes::webhooks::routes())
        .merge(routes::keys::routes())
        .merge(routes::automations::routes())
        // The caller's own resources, or `404 not_found`.
        .fallback(routes::custom::dispatch)
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            frontdoor::front_door,
        ))
        .with_state(state)
}
