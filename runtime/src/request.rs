//! What a request is before it is sent: method, URL, body, and the path template it came from.

use std::fmt;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Serialize;
use url::Url;

use crate::client::Client;
use crate::error::{Error, Result};

/// Everything but RFC 3986's unreserved characters is encoded, so an id is always exactly one
/// path segment: `/`, `?`, `#` and `%` cannot change the path or the query.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path as a template, for tracing: `/tasks/{id}`, never the id itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PathTemplate {
    pub(crate) resource: &'static str,
    pub(crate) suffix: &'static str,
}

impl PathTemplate {
    pub(crate) const fn collection(resource: &'static str) -> Self {
        Self {
            resource,
            suffix: "",
        }
    }

    pub(crate) const fn item(resource: &'static str) -> Self {
        Self {
            resource,
            suffix: "/{id}",
        }
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.resource, self.suffix)
    }
}

/// A request ready to send (and to send again, for retries).
#[derive(Debug, Clone)]
pub(crate) struct RequestSpec {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) template: PathTemplate,
    pub(crate) body: Option<Bytes>,
    pub(crate) headers: HeaderMap,
    /// This call's time budget, when it is not the client's.
    pub(crate) budget: Option<std::time::Duration>,
}

impl RequestSpec {
    pub(crate) fn new(method: Method, url: Url, template: PathTemplate) -> Self {
        Self {
            method,
            url,
            template,
            body: None,
            headers: HeaderMap::new(),
            budget: None,
        }
    }

    /// Serializes `body` as the JSON request body.
    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidRequest(format!("could not serialize the request body: {e}").into())
        })?;
        self.body = Some(Bytes::from(bytes));
        Ok(self)
    }
}

/// The URL of `template` with `{id}` filled in as one percent-encoded path segment.
pub(crate) fn item_url(client: &Client, template: PathTemplate, id: Option<&str>) -> Result<Url> {
    let suffix = match id {
        Some(id) => template
            .suffix
            .replace("{id}", &encode_id(template.resource, id)?),
        None => template.suffix.to_owned(),
    };
    Ok(client.url(&format!("{}{suffix}", template.resource)))
}

/// The longest id sent, in bytes. Ids of the API are about 20 characters; a longer one is a
/// mistake (a body pasted where an id belongs) and would only make a URL servers refuse.
pub const MAX_ID_LEN: usize = 1024;

/// Encodes an id as one path segment, refusing ids that cannot be one.
pub(crate) fn encode_id(resource: &str, id: &str) -> Result<String> {
    if id.len() > MAX_ID_LEN {
        return Err(Error::invalid(format!(
            "an id of {} bytes is over the limit of {MAX_ID_LEN} under {resource}: {:?}",
            id.len(),
            crate::error::text::shorten(id)
        )));
    }
    if id.is_empty() {
        return Err(Error::InvalidRequest(
            format!("an empty id cannot address a resource under {resource}").into(),
        ));
    }
    // URL parsers resolve `.` and `..` segments even when percent-encoded, so they cannot be
    // sent as ids at all.
    if id == "." || id == ".." {
        return Err(Error::InvalidRequest(
            format!("the id {id:?} cannot be sent as a path segment under {resource}").into(),
        ));
    }
    Ok(utf8_percent_encode(id, SEGMENT).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One client for every case: building one loads the TLS roots.
    fn client() -> Client {
        static CLIENT: std::sync::OnceLock<Client> = std::sync::OnceLock::new();
        CLIENT
            .get_or_init(|| {
                Client::builder()
                    .api_key("k")
                    .base_url("https://api.ittybit.com/v1/")
                    .build()
                    .unwrap()
            })
            .clone()
    }

    #[test]
    fn ids_are_one_segment() {
        let cases = [
            ("task_abc", "/v1/tasks/task_abc"),
            ("../keys", "/v1/tasks/..%2Fkeys"),
            ("a/b", "/v1/tasks/a%2Fb"),
            ("x?y=1", "/v1/tasks/x%3Fy%3D1"),
            ("%2F", "/v1/tasks/%252F"),
            ("a#frag", "/v1/tasks/a%23frag"),
            ("sp ace", "/v1/tasks/sp%20ace"),
            ("ünï", "/v1/tasks/%C3%BCn%C3%AF"),
            ("...", "/v1/tasks/..."),
            ("%2e%2e", "/v1/tasks/%252e%252e"),
        ];
        let template = PathTemplate::item("/tasks");
        for (id, path) in cases {
            let url = item_url(&client(), template, Some(id)).unwrap();
            assert_eq!(url.path(), path, "{id}");
            assert_eq!(url.query(), None, "{id}");
            assert_eq!(url.fragment(), None, "{id}");
        }
    }

    #[test]
    fn ids_that_cannot_be_a_segment_are_refused() {
        let long = "x".repeat(MAX_ID_LEN + 1);
        for id in ["", ".", "..", long.as_str()] {
            let err = item_url(&client(), PathTemplate::item("/tasks"), Some(id)).unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{id:?}");
            assert!(err.to_string().contains("/tasks"), "{err}");
            assert!(err.to_string().len() < 300, "{err}");
        }
        let longest = "x".repeat(MAX_ID_LEN);
        assert!(item_url(&client(), PathTemplate::item("/tasks"), Some(&longest)).is_ok());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]

        #[test]
        fn any_id_is_exactly_one_segment_or_refused(id in "\\PC{0,24}|[./%?#\\\\a-z]{0,8}") {
            let base = client();
            match item_url(&base, PathTemplate::item("/tasks"), Some(&id)) {
                Ok(url) => {
                    let segment = url.path().strip_prefix("/v1/tasks/").unwrap();
                    proptest::prop_assert!(!segment.contains('/'));
                    proptest::prop_assert!(segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
                    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8().unwrap();
                    proptest::prop_assert_eq!(decoded, id.as_str());
                    proptest::prop_assert_eq!(url.query(), None);
                    proptest::prop_assert_eq!(url.fragment(), None);
                    proptest::prop_assert_eq!(url.origin(), base.base_url().origin());
                }
                Err(err) => {
                    proptest::prop_assert!(matches!(err, Error::InvalidRequest(_)));
                    proptest::prop_assert!(id.is_empty() || id == "." || id == "..");
                }
            }
        }
    }

    #[test]
    fn action_suffixes_fill_the_id() {
        let template = PathTemplate {
            resource: "/automations",
            suffix: "/{id}/run",
        };
        let url = item_url(&client(), template, Some("auto/1")).unwrap();
        assert_eq!(url.path(), "/v1/automations/auto%2F1/run");
        assert_eq!(template.to_string(), "/automations/{id}/run");
    }
}
