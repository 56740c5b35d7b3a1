//! The HTTP plumbing every route shares: responses and errors (`respond.rs`), extractors and
//! request bodies (`request.rs`), list queries and responses (`list.rs`), the front door
//! middleware with authentication and fault responses (`frontdoor.rs`); and here, handlers
//! that work for any stored resource: read one, list all, delete one, and the store side of
//! creating and changing one after the route has checked the body. A resource's routes module
//! uses them where it has nothing of its own to add.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use crate::http::list::ListRequest;
use crate::http::request::Id;
use crate::http::respond::ApiError;
use crate::state::{ServerState, SharedState};
use crate::store::{Stored, now_unix};

pub(crate) mod frontdoor;
pub(crate) mod list;
pub(crate) mod request;
pub(crate) mod respond;

/// `GET /{resources}/{id}`: the object, or `404 {resource}_not_found`.
pub(crate) async fn show<T: Stored + Serialize>(
    State(state): State<SharedState>,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let mut store = state.store();
    let item = store
        .read::<T>(&id)
        .ok_or_else(|| ApiError::missing::<T>(&id))?;
    Ok(respond::json(StatusCode::OK, item))
}

/// `GET /{resources}` without filters.
pub(crate) async fn list<T: Stored + Serialize>(
    State(state): State<SharedState>,
    request: ListRequest,
) -> Result<Response, ApiError> {
    request.respond(T::collection(&state.store()), |_| true)
}

/// `DELETE /{resources}/{id}`: `204`, or `404 {resource}_not_found`.
pub(crate) async fn remove<T: Stored>(
    State(state): State<SharedState>,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let mut store = state.store();
    let (items, _) = T::parts(&mut store);
    items
        .remove(&id)
        .ok_or_else(|| ApiError::missing::<T>(&id))?;
    Ok(respond::no_content())
}

/// Stores the object `build` makes from a fresh id and the current time, and answers `201`
/// with it.
pub(crate) fn create<T: Stored + Serialize>(
    state: &ServerState,
    build: impl FnOnce(String, i64) -> T,
) -> Response {
    let now = now_unix();
    let mut store = state.store();
    let item = store.create(|id| build(id, now));
    respond::json(StatusCode::CREATED, item)
}

/// Applies `change` (given the current time) to the object with this id and answers `200` with
/// it, or `404 {resource}_not_found`.
pub(crate) fn update<T: Stored + Serialize>(
    state: &ServerState,
    id: &str,
    change: impl FnOnce(&mut T, i64),
) -> Result<Response, ApiError> {
    let mut store = state.store();
    let (items, _) = T::parts(&mut store);
    let item = items
        .get_mut(id)
        .ok_or_else(|| ApiError::missing::<T>(id))?;
    change(item, now_unix());
    Ok(respond::json(StatusCode::OK, item))
}
