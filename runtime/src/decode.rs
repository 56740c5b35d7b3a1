//! Turning a 2xx body into the caller's type, with errors that say where and why.

use serde::de::DeserializeOwned;

use crate::error::{DecodeError, Error, Result, excerpt, is_credential, without_values};
use crate::send::RawResponse;

/// Decodes a JSON body. An empty body reads as `null`, so it decodes into `()` or an `Option`
/// (an action answering 204) and is a clear type error for anything else.
///
/// The fast path is plain `serde_json`; only when it fails is the body decoded again with
/// `serde_path_to_error` to find the failing field, so success costs nothing extra.
pub(crate) fn json<T: DeserializeOwned>(raw: &RawResponse) -> Result<T> {
    let body: &[u8] = if raw.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &raw.body
    };
    serde_json::from_slice(body).map_err(|error| decode_error::<T>(raw, body, &error))
}

/// Accepts any body (a delete answers 204, an empty body, or the deleted object).
#[allow(clippy::unnecessary_wraps)] // one signature for every decoder
pub(crate) fn nothing(_: &RawResponse) -> Result<()> {
    Ok(())
}

/// The error for `body` (the response's, or what it was read as) failing to decode as `T`.
pub(crate) fn decode_error<T: DeserializeOwned>(
    raw: &RawResponse,
    body: &[u8],
    error: &serde_json::Error,
) -> Error {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(traced) => (traced.path().to_string(), traced.inner().to_string()),
        Ok(_) => (".".to_owned(), error.to_string()),
    };
    // A value that failed under a key named like a credential is not quoted.
    let message = if path.split(['.', '[']).any(is_credential) {
        without_values(&message)
    } else {
        message
    };
    Error::Decode(Box::new(DecodeError {
        status: raw.status,
        request: raw.request(),
        path,
        message,
        excerpt: excerpt(&raw.body),
        body_len: raw.body.len(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::header::HeaderMap;
    use reqwest::{Method, StatusCode};
    use serde::Deserialize;
    use url::Url;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Task {
        id: String,
        outputs: Vec<Output>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Output {
        size: u64,
    }

    fn raw(body: &'static str) -> RawResponse {
        let url = Url::parse("https://api.ittybit.com/tasks/task_1").unwrap();
        RawResponse {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
            method: Method::GET,
            url,
        }
    }

    #[test]
    fn decodes_and_reports_the_failing_field() {
        let task: Task = json(&raw(
            r#"{"id":"task_1","outputs":[{"size":1}],"extra":true}"#,
        ))
        .unwrap();
        assert_eq!(task.outputs, [Output { size: 1 }]);

        let err = json::<Task>(&raw(
            r#"{"id":"task_1","outputs":[{"size":1},{"size":"big"}]}"#,
        ))
        .unwrap_err();
        let Error::Decode(decode) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(decode.field_path(), "outputs[1].size");
        let text = err.to_string();
        for part in [
            "200 OK",
            "GET /tasks/task_1",
            "outputs[1].size",
            "invalid type",
            "bytes",
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
    }

    #[test]
    fn empty_and_truncated_bodies_are_decode_errors() {
        for body in ["", "{\"id\":", "null", "[]"] {
            let err = json::<Task>(&raw(body)).unwrap_err();
            assert!(err.is_decode(), "{body:?}: {err}");
        }
        assert!(
            json::<Task>(&raw(" "))
                .unwrap_err()
                .to_string()
                .contains("invalid type: null")
        );
        assert!(nothing(&raw("")).is_ok());
        // An empty answer is nothing, for calls that expect nothing.
        json::<()>(&raw("")).unwrap();
        assert_eq!(json::<Option<Task>>(&raw("\n")).unwrap(), None);
    }
}
