//! The API's resources, one module each, and the router joining them.

use axum::Router;
use axum::http::Uri;

use crate::app::App;
use crate::errors::ApiError;

pub(crate) mod automations;
pub(crate) mod events;
pub(crate) mod keys;
pub(crate) mod runs;
pub(crate) mod tasks;
pub(crate) mod webhooks;

/// Every route, plus a JSON `404 not_found` for unknown paths.
pub(crate) fn router() -> Router<App> {
    Router::new()
        .merge(tasks::routes())
        .merge(runs::routes())
        .merge(events::routes())
        .merge(webhooks::routes())
        .merge(keys::routes())
        .merge(automations::routes())
        .fallback(|uri: Uri| async move { ApiError::route_not_found(uri.path()) })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
}
