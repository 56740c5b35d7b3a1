//! Helpers: a started mock with an HTTP client, and decoded replies.

use ittybit_mock::{MockConfig, MockServer};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder};
use serde_json::Value;

/// A running mock and a client for it.
pub(crate) struct Api {
    pub(crate) mock: MockServer,
    client: reqwest::Client,
}

/// A response, read completely.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// The body as JSON.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "body is not JSON ({err}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// A header as text.
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    }

    /// The error kind, after checking the body is exactly `{kind, message}` JSON.
    pub(crate) fn kind(&self) -> String {
        assert_error_shape(self);
        self.json()["kind"].as_str().unwrap().to_owned()
    }

    /// The error message.
    pub(crate) fn message(&self) -> String {
        assert_error_shape(self);
        self.json()["message"].as_str().unwrap().to_owned()
    }

    /// The `rel="next"` URL of the `Link` header.
    pub(crate) fn next_link(&self) -> Option<String> {
        let link = self.header("link")?;
        let (url, rel) = link.split_once(">;")?;
        assert_eq!(rel.trim(), "rel=\"next\"", "{link}");
        Some(url.trim_start_matches('<').to_owned())
    }
}

/// Checks that an error body is JSON with exactly `kind` and `message`.
fn assert_error_shape(reply: &Reply) {
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json"),
        "{reply:?}"
    );
    let body = reply.json();
    let object = body.as_object().expect("error body is an object");
    assert_eq!(object.len(), 2, "{body}");
    assert!(
        object["kind"].is_string() && object["message"].is_string(),
        "{body}"
    );
}

/// Asserts a status, showing the body when it differs.
#[track_caller]
pub(crate) fn expect(reply: &Reply, status: u16) {
    assert_eq!(
        reply.status,
        status,
        "body: {}",
        String::from_utf8_lossy(&reply.body)
    );
}

/// Asserts a 400 `request_invalid` whose message contains `needle`; `case` names the request.
#[track_caller]
fn assert_invalid(reply: &Reply, needle: &str, case: &dyn std::fmt::Display) {
    expect(reply, 400);
    assert_eq!(reply.kind(), "request_invalid", "{case}");
    let message = reply.message();
    assert!(message.contains(needle), "{case}: {message}");
}

/// Posts each body to `path` and asserts a 400 `request_invalid` whose message names the field.
pub(crate) async fn expect_invalid(api: &Api, path: &str, cases: &[(Value, &str)]) {
    for (body, field) in cases {
        assert_invalid(&api.post(path, body).await, field, body);
    }
}

/// Gets each path and asserts a 400 `request_invalid` whose message contains the given text.
pub(crate) async fn expect_invalid_get(api: &Api, cases: &[(String, &str)]) {
    for (path, needle) in cases {
        assert_invalid(&api.get(path).await, needle, path);
    }
}

/// Asserts an id is `prefix` plus 16 lowercase alphanumerics.
#[track_caller]
pub(crate) fn assert_id(id: &Value, prefix: &str) {
    let id = id.as_str().expect("id is a string");
    let tail = id
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{id} lacks {prefix}"));
    assert_eq!(tail.len(), 16, "{id}");
    assert!(
        tail.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "{id}"
    );
}

/// Asserts an object has exactly these keys.
#[track_caller]
pub(crate) fn assert_keys(value: &Value, keys: &[&str]) {
    let mut found: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    found.sort_unstable();
    let mut wanted = keys.to_vec();
    wanted.sort_unstable();
    assert_eq!(found, wanted, "{value}");
}

/// The fields of a task.
pub(crate) const TASK_FIELDS: [&str; 16] = [
    "id",
    "object",
    "kind",
    "status",
    "run_id",
    "parent_id",
    "progress",
    "options",
    "inputs",
    "outputs",
    "metadata",
    "error",
    "created_at",
    "started_at",
    "finished_at",
    "updated_at",
];

/// The fields of a run.
pub(crate) const RUN_FIELDS: [&str; 12] = [
    "id",
    "object",
    "status",
    "progress",
    "tasks",
    "metadata",
    "error",
    "created_by",
    "created_at",
    "started_at",
    "finished_at",
    "updated_at",
];

impl Api {
    /// A mock with the default configuration.
    pub(crate) async fn start() -> Self {
        Self::with(MockConfig::default()).await
    }

    /// A mock with `config`.
    pub(crate) async fn with(config: MockConfig) -> Self {
        Self {
            mock: MockServer::start_with(config).await,
            client: reqwest::Client::builder().no_proxy().build().unwrap(),
        }
    }

    /// The absolute URL of `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.mock.url())
    }

    /// A request with the server's key.
    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(self.mock.api_key())
    }

    /// A request without credentials.
    pub(crate) fn anonymous(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Sends and reads a request.
    pub(crate) async fn send(&self, request: RequestBuilder) -> Reply {
        let response = request.send().await.expect("request failed");
        Reply {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.expect("body").to_vec(),
        }
    }

    /// `GET path`.
    pub(crate) async fn get(&self, path: &str) -> Reply {
        self.send(self.request(Method::GET, path)).await
    }

    /// `GET` an absolute URL.
    pub(crate) async fn get_url(&self, url: &str) -> Reply {
        self.send(self.client.get(url).bearer_auth(self.mock.api_key()))
            .await
    }

    /// A request with a JSON body.
    pub(crate) fn with_json(&self, method: Method, path: &str, body: &Value) -> RequestBuilder {
        self.request(method, path)
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    /// `POST path` with a JSON body.
    pub(crate) async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(self.with_json(Method::POST, path, body)).await
    }

    /// `PATCH path` with a JSON body.
    pub(crate) async fn patch(&self, path: &str, body: &Value) -> Reply {
        self.send(self.with_json(Method::PATCH, path, body)).await
    }

    /// `DELETE path`.
    pub(crate) async fn delete(&self, path: &str) -> Reply {
        self.send(self.request(Method::DELETE, path)).await
    }

    /// Creates a task and returns it.
    pub(crate) async fn create_task(&self, url: &str) -> Value {
        let reply = self
            .post("/tasks", &serde_json::json!({"url": url, "kind": "video"}))
            .await;
        expect(&reply, 201);
        reply.json()
    }

    /// Walks a list from `path` following `Link` until `Has-More` is false; returns the items
    /// and the number of pages.
    pub(crate) async fn walk(&self, path: &str) -> (Vec<Value>, usize) {
        let mut items = Vec::new();
        let mut pages = 0;
        let mut reply = self.get(path).await;
        loop {
            expect(&reply, 200);
            pages += 1;
            items.extend(reply.json().as_array().unwrap().iter().cloned());
            let has_more = reply.header("has-more").unwrap();
            let Some(next) = reply.next_link() else {
                assert_eq!(has_more, "false");
                return (items, pages);
            };
            assert_eq!(has_more, "true");
            reply = self.get_url(&next).await;
        }
    }
}

/// The `id`s of list items.
pub(crate) fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}
