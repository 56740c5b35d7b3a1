//! Request extractors whose rejections are `{kind, message}` errors instead of axum's plain text.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde_json::{Map, Value};

use crate::http::respond::ApiError;

/// A JSON object request body.
///
/// An empty body counts as `{}` whatever its content type, so optional-only bodies may be
/// omitted. A non-empty body needs `Content-Type: application/json` (or `application/*+json`),
/// must parse, and must be an object; otherwise the request is `400 request_invalid`.
#[derive(Debug, Clone)]
pub(crate) struct JsonObject(pub(crate) Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(is_json_content_type);
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            let status = rejection.status();
            let kind = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "request_too_large"
            } else {
                "request_invalid"
            };
            ApiError::new(
                status,
                kind,
                format!(
                    "The request body could not be read: {}.",
                    rejection.body_text()
                ),
            )
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(Map::new()));
        }
        if !is_json {
            return Err(ApiError::invalid(
                "Requests with a body must send `Content-Type: application/json`.",
            ));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(object)) => Ok(Self(object)),
            Ok(_) => Err(ApiError::invalid("The request body must be a JSON object.")),
            Err(err) => Err(ApiError::invalid(format!(
                "The request body is not valid JSON: {err}."
            ))),
        }
    }
}

/// Whether a `Content-Type` value denotes JSON.
fn is_json_content_type(value: &str) -> bool {
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|subtype| subtype.ends_with("+json"))
}

/// The `{id}` segment of the path, percent-decoded.
#[derive(Debug, Clone)]
pub(crate) struct Id(pub(crate) String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Self(id)),
            Err(rejection) => Err(ApiError::invalid(format!(
                "The id in the path is invalid: {}.",
                rejection.body_text()
            ))),
        }
    }
}

/// Who sent the request: the id of the created key used, or `None` for the server's own key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Caller {
    /// The key id.
    pub(crate) key_id: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().cloned().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::is_json_content_type;

    #[test]
    fn recognises_json_content_types() {
        assert!(is_json_content_type("application/json"));
        assert!(is_json_content_type("Application/JSON; charset=utf-8"));
        assert!(is_json_content_type("application/merge-patch+json"));
        assert!(!is_json_content_type("text/plain"));
        assert!(!is_json_content_type("application/x-www-form-urlencoded"));
    }
}
