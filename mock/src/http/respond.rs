//! Success responses: JSON bodies with the right status, and empty `204`s.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::http::errors::ApiError;

/// Serializes `value` into a JSON response with `status`.
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => json_bytes(status, body),
        Err(err) => {
            ApiError::internal(format!("Could not encode the response: {err}.")).into_response()
        }
    }
}

/// A response with an already encoded JSON body.
pub(crate) fn json_bytes(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `204 No Content` with an empty body.
pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
