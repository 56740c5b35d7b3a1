//! The complete router: every resource's routes behind the front door.

use axum::Router;
use axum::http::Uri;
use axum::middleware;

use crate::http::errors::ApiError;
use crate::http::frontdoor;
use crate::routes;
use crate::state::SharedState;

/// The whole API behind the front door (recording, latency, faults, auth), with JSON errors for
/// unknown paths (`404 not_found`) and methods (`405 method_not_allowed`).
pub(crate) fn router(state: SharedState) -> Router {
    Router::new()
        .merge(routes::tasks::routes())
        .merge(routes::runs::routes())
        .merge(routes::events::routes())
        .merge(routes::webhooks::routes())
        .merge(routes::keys::routes())
        .merge(routes::automations::routes())
        .fallback(|uri: Uri| async move { ApiError::route_not_found(uri.path()) })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            frontdoor::front_door,
        ))
        .with_state(state)
}
