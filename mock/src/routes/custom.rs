//! The caller's own resources (`MockConfig::resource`): every path no shipped route matches
//! comes here, and is either one of them or `404 not_found`.
//!
//! Collections answer `GET` (a list through [`ListRequest::respond`], like every shipped list)
//! and `POST` on their path, `GET` and `DELETE` on `{path}/{id}`; singletons answer `GET`.

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::http::list::ListRequest;
use crate::http::request::JsonObject;
use crate::http::respond;
use crate::http::respond::ApiError;
use crate::state::SharedState;
use crate::store::custom::{CustomResources, Target};

/// Answers a request no shipped route matched.
pub(crate) async fn dispatch(State(state): State<SharedState>, request: Request) -> Response {
    match answer(&state, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

/// The response, or the error to answer.
async fn answer(state: &SharedState, request: Request) -> Result<Response, ApiError> {
    let path = request.uri().path().to_owned();
    let target = state.store().custom.route(&path);
    let Some(target) = target else {
        return Err(ApiError::route_not_found(&path));
    };
    let (entry, parents) = match &target {
        Target::Collection { entry, parents } | Target::Object { entry, parents, .. } => {
            (*entry, parents.clone())
        }
    };
    if let Some(missing) = state.store().custom.missing_parent(entry, &parents) {
        return Err(ApiError::not_found(
            missing.kind,
            format!("The {} `{}` does not exist.", missing.noun, missing.id),
        ));
    }
    let method = request.method().clone();
    let singleton = state.store().custom.entry(entry).singleton;
    match (target, method) {
        (Target::Collection { .. }, Method::GET) if singleton => {
            let store = state.store();
            store
                .custom
                .singleton(entry, &parents)
                .map(|object| respond::json(StatusCode::OK, object))
                .ok_or_else(|| not_found(&store.custom, entry, &path))
        }
        (Target::Collection { .. }, Method::GET) => {
            let (mut parts, _body) = request.into_parts();
            let list = ListRequest::from_request_parts(&mut parts, state).await?;
            let store = state.store();
            let resource = store.custom.entry(entry);
            list.respond(&resource.objects, |object| {
                resource.keeps(object, &parents, |name| list.param(name))
            })
        }
        (Target::Collection { .. }, Method::POST) if !singleton => {
            let JsonObject(body) = JsonObject::from_request(request, state).await?;
            let mut guard = state.store();
            let store = &mut *guard;
            let object = store.custom.create(entry, parents, body, &mut store.ids);
            Ok(respond::json(StatusCode::CREATED, object))
        }
        (Target::Object { id, .. }, Method::GET) => {
            let store = state.store();
            store
                .custom
                .get(entry, &parents, &id)
                .map(|object| respond::json(StatusCode::OK, object))
                .ok_or_else(|| not_found(&store.custom, entry, &id))
        }
        (Target::Object { id, .. }, Method::DELETE) => {
            if state.store().custom.remove(entry, &parents, &id) {
                Ok(respond::no_content())
            } else {
                Err(not_found(&state.store().custom, entry, &id))
            }
        }
        (target, _) => {
            let allow = match target {
                Target::Collection { .. } if singleton => "GET",
                Target::Collection { .. } => "GET, POST",
                Target::Object { .. } => "GET, DELETE",
            };
            let mut response = ApiError::method_not_allowed().into_response();
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
            Ok(response)
        }
    }
}

/// `404 {noun}_not_found` for an object (or a singleton) that does not exist.
fn not_found(custom: &CustomResources, entry: usize, what: &str) -> ApiError {
    let entry = custom.entry(entry);
    ApiError::not_found(
        entry.not_found.clone(),
        format!("The {} `{what}` does not exist.", entry.noun),
    )
}
