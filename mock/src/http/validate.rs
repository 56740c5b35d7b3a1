//! Field validation for request bodies. Every error names the offending field.

use serde_json::{Map, Value};

use crate::http::respond::ApiError;
use crate::model::task::{EVENT_KINDS, TASK_KINDS};

/// The JSON type of a value, for messages.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A field that is present and not `null`.
fn present<'a>(body: &'a Map<String, Value>, field: &str) -> Option<&'a Value> {
    body.get(field).filter(|value| !value.is_null())
}

/// A required string field.
pub(crate) fn required_string(body: &Map<String, Value>, field: &str) -> Result<String, ApiError> {
    optional_string(body, field, field)?
        .ok_or_else(|| ApiError::invalid(format!("The `{field}` field is required.")))
}

/// An optional string field (`null` counts as absent). `path` names it in messages.
pub(crate) fn optional_string(
    body: &Map<String, Value>,
    field: &str,
    path: &str,
) -> Result<Option<String>, ApiError> {
    match present(body, field) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(ApiError::invalid(format!(
            "The `{path}` field must be a string, not {}.",
            type_name(other)
        ))),
    }
}

/// An optional object field; absent or `null` gives an empty object.
pub(crate) fn optional_object(
    body: &Map<String, Value>,
    field: &str,
    path: &str,
) -> Result<Map<String, Value>, ApiError> {
    match present(body, field) {
        None => Ok(Map::new()),
        Some(Value::Object(object)) => Ok(object.clone()),
        Some(other) => Err(ApiError::invalid(format!(
            "The `{path}` field must be an object, not {}.",
            type_name(other)
        ))),
    }
}

/// An optional array field.
pub(crate) fn optional_array<'a>(
    body: &'a Map<String, Value>,
    field: &str,
    path: &str,
) -> Result<Option<&'a Vec<Value>>, ApiError> {
    match present(body, field) {
        None => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(other) => Err(ApiError::invalid(format!(
            "The `{path}` field must be an array, not {}.",
            type_name(other)
        ))),
    }
}

/// An element of an array that must be an object.
pub(crate) fn object_at<'a>(
    value: &'a Value,
    path: &str,
) -> Result<&'a Map<String, Value>, ApiError> {
    value.as_object().ok_or_else(|| {
        ApiError::invalid(format!(
            "`{path}` must be an object, not {}.",
            type_name(value)
        ))
    })
}

/// A required task `kind` among [`TASK_KINDS`].
pub(crate) fn task_kind(body: &Map<String, Value>, path: &str) -> Result<String, ApiError> {
    let kind = optional_string(body, "kind", path)?
        .ok_or_else(|| ApiError::invalid(format!("The `{path}` field is required.")))?;
    if TASK_KINDS.contains(&kind.as_str()) {
        Ok(kind)
    } else {
        Err(ApiError::invalid(format!(
            "The `{path}` field must be one of {}, not `{kind}`.",
            TASK_KINDS.join(", ")
        )))
    }
}

/// A source URL: `url_required` when absent, `request_invalid` unless it is http or https.
pub(crate) fn required_source_url(
    body: &Map<String, Value>,
    path: &str,
) -> Result<String, ApiError> {
    let url = optional_source_url(body, path)?;
    url.ok_or_else(|| {
        ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "url_required",
            format!("The `{path}` field is required: the URL of the source media."),
        )
    })
}

/// An optional source URL, which must be http or https when present.
pub(crate) fn optional_source_url(
    body: &Map<String, Value>,
    path: &str,
) -> Result<Option<String>, ApiError> {
    let url = optional_string(body, "url", path)?;
    if let Some(url) = &url
        && !(has_scheme(url, "http") || has_scheme(url, "https"))
    {
        return Err(ApiError::invalid(format!(
            "The `{path}` field must be an http or https URL, not `{url}`."
        )));
    }
    Ok(url)
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

/// An array of known event kinds.
pub(crate) fn topics(value: &[Value], path: &str) -> Result<Vec<String>, ApiError> {
    value
        .iter()
        .enumerate()
        .map(|(i, topic)| match topic.as_str() {
            Some(topic) if EVENT_KINDS.contains(&topic) => Ok(topic.to_owned()),
            _ => Err(ApiError::invalid(format!(
                "`{path}[{i}]` must be one of {}, not {topic}.",
                EVENT_KINDS.join(", ")
            ))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
