//! The request side: extractors whose rejections are `{kind, message}` errors instead of axum's
//! plain text, and the decoding of JSON bodies into serde request types. A body that does not
//! fit its type is `400 request_invalid` naming the field at fault (`tasks[0].next[1].kind`).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::http::respond::ApiError;
use crate::model::task::{EVENT_KINDS, TASK_KINDS};

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

/// Decodes a JSON object body into the request type `T`; a field that is missing or does not
/// fit is `400 request_invalid` naming it by its path, such as `tasks[0].next[1].kind`.
pub(crate) fn decode<T: DeserializeOwned>(body: &Map<String, Value>) -> Result<T, ApiError> {
    let value = Value::Object(body.clone());
    serde_path_to_error::deserialize(&value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.inner().to_string();
        let missing = inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
        ApiError::invalid(match missing {
            Some(field) if path == "." => format!("The `{field}` field is required."),
            Some(field) => format!("The `{path}.{field}` field is required."),
            None if inner.starts_with("must ") => format!("The `{path}` field {inner}."),
            None => format!("The `{path}` field is invalid: {inner}."),
        })
    })
}

/// `400 url_required` unless the body has a `url` that is not `null`: the source of a task.
pub(crate) fn require_url(body: &Map<String, Value>) -> Result<(), ApiError> {
    if body.get("url").is_none_or(Value::is_null) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "url_required",
            "The `url` field is required: the URL of the source media.",
        ));
    }
    Ok(())
}

/// `value` if it is one of `allowed`, else the message of the error.
fn one_of(value: String, allowed: &[&str]) -> Result<String, String> {
    if allowed.contains(&value.as_str()) {
        Ok(value)
    } else {
        Err(format!(
            "must be one of {}, not `{value}`",
            allowed.join(", ")
        ))
    }
}

/// A known task kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "String")]
pub(crate) struct TaskKind(pub(crate) String);

impl TryFrom<String> for TaskKind {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        one_of(value, &TASK_KINDS).map(Self)
    }
}

/// A known event kind: a webhook topic.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "String")]
pub(crate) struct Topic(pub(crate) String);

impl TryFrom<String> for Topic {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        one_of(value, &EVENT_KINDS).map(Self)
    }
}

/// The URL of source media: http or https.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "String")]
pub(crate) struct SourceUrl(pub(crate) String);

impl TryFrom<String> for SourceUrl {
    type Error = String;

    fn try_from(url: String) -> Result<Self, String> {
        if has_scheme(&url, "http") || has_scheme(&url, "https") {
            Ok(Self(url))
        } else {
            Err(format!("must be an http or https URL, not `{url}`"))
        }
    }
}

/// Whether `url` is an absolute URL with `scheme` and a non-empty host.
pub(crate) fn has_scheme(url: &str, scheme: &str) -> bool {
    url.split_once("://").is_some_and(|(found, rest)| {
        found.eq_ignore_ascii_case(scheme)
            && rest
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|host| !host.is_empty())
            && !url.chars().any(char::is_whitespace)
    })
}

/// Whether `url` is a plain-HTTP URL whose host is a loopback address: `localhost`, an address
/// in `127.0.0.0/8`, or `[::1]`.
pub(crate) fn is_loopback_http(url: &str) -> bool {
    if !has_scheme(url, "http") {
        return false;
    }
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials come before the last `@`; the host is what follows.
    let host_and_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_and_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_and_port.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn recognises_json_content_types() {
        assert!(is_json_content_type("application/json"));
        assert!(is_json_content_type("Application/JSON; charset=utf-8"));
        assert!(is_json_content_type("application/merge-patch+json"));
        assert!(!is_json_content_type("text/plain"));
        assert!(!is_json_content_type("application/x-www-form-urlencoded"));
    }

    #[test]
    fn checks_url_schemes() {
        assert!(has_scheme("https://example.com/a.mp4", "https"));
        assert!(has_scheme("HTTP://example.com", "http"));
        assert!(!has_scheme("https://", "https"));
        assert!(!has_scheme("ftp://example.com", "https"));
        assert!(!has_scheme("example.com", "https"));
        assert!(!has_scheme("https://exa mple.com", "https"));
    }

    #[test]
    fn recognises_loopback_http_urls() {
        for url in [
            "http://127.0.0.1:8080/hooks",
            "http://127.1.2.3",
            "HTTP://localhost:1/x?y#z",
            "http://[::1]:9000/",
            "http://user:pw@127.0.0.1:80/",
        ] {
            assert!(is_loopback_http(url), "{url}");
        }
        for url in [
            "https://127.0.0.1/",
            "http://example.com/",
            "http://127.0.0.1.example.com/",
            "http://10.0.0.1/",
            "http://127.0.0.1@example.com/",
            "http://[::2]/",
            "http://",
            "http://local host/",
        ] {
            assert!(!is_loopback_http(url), "{url}");
        }
    }

    #[test]
    fn decoding_names_the_field_at_fault() {
        #[derive(Debug, Deserialize)]
        struct Step {
            _kind: TaskKind,
            _next: Option<Vec<Step>>,
        }
        let message = |body: Value| {
            let Value::Object(body) = body else {
                unreachable!()
            };
            format!("{:?}", decode::<Step>(&body).unwrap_err())
        };
        assert!(message(json!({})).contains("The `_kind` field is required."));
        assert!(
            message(json!({"_kind": "video", "_next": [{"_kind": "warp"}]}))
                .contains("The `_next[0]._kind` field must be one of video, ")
        );
        assert!(message(json!({"_kind": 3})).contains(
            "The `_kind` field is invalid: invalid type: integer `3`, expected a string."
        ));
    }
}
