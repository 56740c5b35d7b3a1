//! Responses: JSON bodies with the right status, empty `204`s, and errors, every one a JSON
//! body `{"kind": "...", "message": "..."}`.

use std::borrow::Cow;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::model::Resource;
use crate::store::collection::UnknownCursor;

/// Serializes `value` into a JSON response with `status`.
pub(crate) fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(err) => {
            ApiError::internal(format!("Could not encode the response: {err}.")).into_response()
        }
    }
}

/// `204 No Content` with an empty body.
pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// An API error: a status code, a `snake_case` kind and a human-readable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    status: StatusCode,
    kind: Cow<'static, str>,
    message: String,
}

impl ApiError {
    /// An error with any status and kind.
    pub(crate) fn new(
        status: StatusCode,
        kind: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            kind: kind.into(),
            message: message.into(),
        }
    }

    /// `400 request_invalid`.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "request_invalid", message)
    }

    /// `404` with a resource-specific kind such as `task_not_found`.
    pub(crate) fn not_found(
        kind: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(StatusCode::NOT_FOUND, kind, message)
    }

    /// `404` for an unknown id of resource `T`, e.g. `task_not_found`.
    pub(crate) fn missing<T: Resource>(id: &str) -> Self {
        Self::not_found(
            T::NOT_FOUND,
            format!("The {} `{id}` does not exist.", T::NOUN),
        )
    }

    /// `404 not_found` for a path no route matches.
    pub(crate) fn route_not_found(path: &str) -> Self {
        Self::not_found(
            "not_found",
            format!("No endpoint matches the path `{path}`."),
        )
    }

    /// `405 method_not_allowed`.
    pub(crate) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This endpoint does not support this method.",
        )
    }

    /// `500 internal_error`.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", message)
    }
}

impl From<UnknownCursor> for ApiError {
    /// `400 request_invalid` naming the cursor parameter.
    fn from(cursor: UnknownCursor) -> Self {
        Self::invalid(format!(
            "The `{}` parameter `{}` does not match any {}.",
            cursor.param, cursor.id, cursor.noun
        ))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"kind": self.kind, "message": self.message});
        json(self.status, &body)
    }
}
