//! What a request is before it is sent: method, URL, body, and the path template it came from.

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Serialize;
use url::Url;

use crate::error::{Error, Result};
use crate::path::PathTemplate;

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
