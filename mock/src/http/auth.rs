//! Bearer-token authentication: the server's own key, or the secret of a created key.

use axum::http::{HeaderMap, StatusCode, header};

use crate::http::errors::ApiError;
use crate::http::extract::Caller;
use crate::state::ServerState;

/// Checks the `Authorization` header.
///
/// No header (or an empty token) is `401 token_missing`; anything other than `Bearer <key>` with
/// the server's key or the secret of a live created key is `401 token_invalid`.
pub(crate) fn authenticate(state: &ServerState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(missing());
    };
    let value = value.to_str().map_err(|_| invalid())?.trim();
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        None if value.eq_ignore_ascii_case("bearer") => "",
        _ => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "token_invalid",
                "The Authorization header must have the form `Bearer <key>`.",
            ));
        }
    };
    if token.is_empty() {
        return Err(missing());
    }
    if token == state.api_key() {
        return Ok(Caller { key_id: None });
    }
    match state.store().key_for_secret(token) {
        Some(key_id) => Ok(Caller {
            key_id: Some(key_id.to_owned()),
        }),
        None => Err(invalid()),
    }
}

/// `401 token_missing`.
fn missing() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "token_missing",
        "No API key was sent. Send `Authorization: Bearer <key>`.",
    )
}

/// `401 token_invalid`.
fn invalid() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "token_invalid",
        "The API key is not valid. Check the key, or create a new one.",
    )
}
