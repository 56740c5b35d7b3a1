//! The middleware every request passes first: it counts and records the request, applies the
//! latency, answers scheduled faults, authenticates, applies the key's rate cap, and turns
//! axum's empty `405` into a JSON error.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::auth;
use crate::http::errors::ApiError;
use crate::http::faults;
use crate::state::SharedState;
use crate::state::log::RecordedRequest;

/// Runs in front of every route, including unknown ones.
pub(crate) async fn front_door(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let number = state.log().arrive();
    let method = request.method().to_string();
    let path_and_query = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |pq| pq.as_str().to_owned(),
    );
    tracing::debug!(number, %method, %path_and_query, "request");
    let fault = state.fault_for(number);
    if !state.latency().is_zero() {
        tokio::time::sleep(state.latency()).await;
    }
    let response = match fault {
        Some(fault) => faults::response(fault),
        None => admit(&state, request, next).await,
    };
    state.log().record(RecordedRequest {
        method,
        path_and_query,
        status: response.status().as_u16(),
    });
    response
}

/// Authenticates the request and applies its key's rate cap before the route answers it.
async fn admit(state: &SharedState, mut request: Request, next: Next) -> Response {
    let caller = match auth::authenticate(state, request.headers()) {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    if let Err(wait) = state.admit(caller.key_id.as_deref()) {
        return faults::throttled(wait);
    }
    request.extensions_mut().insert(caller);
    json_405(next.run(request).await)
}

/// Gives a `405` without a JSON body one, keeping its `Allow` header.
fn json_405(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::METHOD_NOT_ALLOWED || is_json {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut json = ApiError::method_not_allowed().into_response();
    if let Some(allow) = allow {
        json.headers_mut().insert(header::ALLOW, allow);
    }
    json
}
