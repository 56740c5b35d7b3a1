//! Turning a 2xx body into the caller's type, with errors that say where and why.

use std::fmt::Write as _;

use serde::de::DeserializeOwned;

use crate::error::text::{shorten, string_end};
use crate::error::{
    DecodeError, Error, RequestInfo, Result, excerpt, is_credential, without_values,
};
use crate::send::RawResponse;

/// Decodes a JSON body; an empty one reads as `null` (fit for `()` or an `Option`, e.g. a 204).
/// A failure names the field where decoding stopped ([`field_path`]).
pub(crate) fn json<T: DeserializeOwned>(raw: &RawResponse) -> Result<T> {
    let body: &[u8] = if raw.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &raw.body
    };
    serde_json::from_slice(body).map_err(|error| decode_error(raw, body, &error))
}

/// Accepts any body (a delete answers 204, an empty body, or the deleted object).
#[allow(clippy::unnecessary_wraps)] // one signature for every decoder
pub(crate) fn nothing(_: &RawResponse) -> Result<()> {
    Ok(())
}

/// The error for `body` (the response's, or what it was read as) failing to decode.
pub(crate) fn decode_error(raw: &RawResponse, body: &[u8], error: &serde_json::Error) -> Error {
    let path = field_path(body, error);
    // A value that failed under a key named like a credential is not quoted.
    let message = if path.split(['.', '[']).any(is_credential) {
        without_values(&error.to_string())
    } else {
        error.to_string()
    };
    Error::Decode(Box::new(DecodeError {
        status: raw.status,
        request: RequestInfo::new(raw.method.clone(), &raw.url),
        path,
        message,
        excerpt: excerpt(&raw.body),
        body_len: raw.body.len(),
    }))
}

/// Where in `body` `serde_json` stopped with `error`, as a field path (`outputs[1].size`, `.` at
/// the top): one scan up to the error, keeping each open object's key or array's index, so no
/// second typed decode (a copy of every `Deserialize` impl) is needed.
#[must_use]
pub fn field_path(body: &[u8], error: &serde_json::Error) -> String {
    enum Open {
        Object(Option<String>),
        Array(usize),
    }
    let line_start = match error.line() {
        0 | 1 => 0,
        line => body
            .iter()
            .enumerate()
            .filter(|&(_, &byte)| byte == b'\n')
            .nth(line - 2)
            .map_or(body.len(), |(at, _)| at + 1),
    };
    let end = line_start.saturating_add(error.column()).min(body.len());
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    while at < end {
        let Some(&byte) = body.get(at) else { break };
        match byte {
            b'{' => open.push(Open::Object(None)),
            b'[' => open.push(Open::Array(0)),
            b'}' | b']' => drop(open.pop()),
            b',' => match open.last_mut() {
                Some(Open::Array(index)) => *index += 1,
                Some(Open::Object(key)) => *key = None,
                None => {}
            },
            b'"' => {
                let token_end = string_end(body, at);
                if let Some(Open::Object(key @ None)) = open.last_mut() {
                    let token = body.get(at..token_end).unwrap_or_default();
                    let text = serde_json::from_slice::<String>(token).unwrap_or_else(|_| {
                        String::from_utf8_lossy(token).trim_matches('"').to_owned()
                    });
                    *key = Some(shorten(&text).into_owned());
                }
                at = token_end;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for frame in &open {
        match frame {
            Open::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Array(index) => {
                let _ = write!(path, "[{index}]");
            }
            Open::Object(None) => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
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
    fn the_field_path_is_where_decoding_stopped() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            id: String,
            outputs: Vec<Output>,
            #[serde(default)]
            meta: std::collections::BTreeMap<String, Vec<u8>>,
        }
        let cases = [
            (
                r#"{"id":"t","outputs":[{"size":1},{"size":"big"}]}"#,
                "outputs[1].size",
            ),
            (r#"{"id":"t","outputs":[{"size":1},{}]}"#, "outputs[1]"),
            (r#"{"id":"t","outputs":[]}  x"#, "."),
            (r#"{"outputs":[]}"#, "."),
            (r#"{"id":7}"#, "id"),
            (r#"{"id":{"a":[1,2]},"outputs":[]}"#, "id"),
            (
                r#"{"id":"t","outputs":[],"meta":{"a,\"b}":[1,{}]}}"#,
                "meta.a,\"b}[1]",
            ),
            (
                "{\n  \"id\": \"t\",\n  \"outputs\": [\n    {\"size\": 1},\n    {\"size\": -1}\n  ]\n}",
                "outputs[1].size",
            ),
        ];
        for (body, path) in cases {
            let error = serde_json::from_str::<Outer>(body).unwrap_err();
            assert_eq!(field_path(body.as_bytes(), &error), path, "{body}: {error}");
        }
        let error = serde_json::from_str::<Vec<Output>>(r#"[{"size":1}, {"size":true}]"#);
        assert_eq!(
            field_path(br#"[{"size":1}, {"size":true}]"#, &error.unwrap_err()),
            "[1].size"
        );
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
