//! Untyped calls: any path of the API, decoded into any type, with the rules of typed calls.

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::call::Call;
use crate::client::Client;
use crate::decode;
use crate::error::{Error, Result};
use crate::page::{self, Cursor, Page};
use crate::params::ListParams;
use crate::request::{PathTemplate, RequestSpec};
use crate::resource::ListItem;
use crate::stream::{ItemStream, PageStream};

/// What the spans of untyped calls show as their path: the path itself may hold ids.
const UNTYPED: PathTemplate = PathTemplate::collection("(untyped)");

/// Calls for paths no resource type describes yet (a new endpoint, an experiment). They follow
/// every rule typed calls do: the key stays on the API's origin, errors are [`Error`]s, retries,
/// budgets and body limits apply, and lists paginate by the same rules.
///
/// A path is an API path under the base URL, such as `/tasks/task_1` or `/automations`: it
/// must start with `/`, and may not hold a query, a fragment, `\`, or `.`/`..` segments (use
/// [`ListParams`] for the query). Its segments are sent as written, so encode ids yourself
/// when they may hold `/`, `?`, `#` or `%`.
///
/// List parameters take any `Serialize` filters, for example a JSON object:
///
/// ```no_run
/// use ittybit_runtime::{Client, ListParams};
/// use serde_json::{Value, json};
///
/// # async fn run(client: Client) -> ittybit_runtime::Result<()> {
/// let task: Value = client.get("/tasks/task_1").await?;
/// println!("{}", task["status"]);
///
/// let failed = ListParams::new().limit(100).filters(json!({"status": "failed"}));
/// let mut all = client.stream::<Value>("/tasks", &failed);
/// while let Some(task) = all.try_next().await? {
///     println!("{}", task["id"]);
/// }
/// let first = client.list::<Value>("/runs", &ListParams::unfiltered()).await?;
/// # Ok(()) }
/// ```
impl Client {
    /// `GET {path}`, decoded as `T` (any `DeserializeOwned`, e.g. `serde_json::Value`).
    pub fn get<T: DeserializeOwned>(&self, path: &str) -> Call<T> {
        let request = self
            .untyped_url(path)
            .map(|url| RequestSpec::new(Method::GET, url, UNTYPED));
        Call::new(self, request, decode::json::<T>)
    }

    /// `POST {path}` with `body` as JSON, the answer decoded as `T`. Not retried after it may
    /// have been processed.
    pub fn post<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Call<T> {
        self.with_body(Method::POST, path, body)
    }

    /// `PUT {path}` with `body` as JSON, the answer decoded as `T`.
    pub fn put<T: DeserializeOwned, B: Serialize + ?Sized>(&self, path: &str, body: &B) -> Call<T> {
        self.with_body(Method::PUT, path, body)
    }

    /// `PATCH {path}` with `body` as JSON, the answer decoded as `T`.
    pub fn patch<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Call<T> {
        self.with_body(Method::PATCH, path, body)
    }

    /// `DELETE {path}`; any 2xx answer (204, or a body) is success.
    pub fn delete(&self, path: &str) -> Call<()> {
        let request = self
            .untyped_url(path)
            .map(|url| RequestSpec::new(Method::DELETE, url, UNTYPED));
        Call::new(self, request, decode::nothing)
    }

    /// `GET {path}` with `params`: one page of a list, items decoded as `T`.
    pub fn list<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &ListParams<impl Serialize>,
    ) -> Call<Page<T>> {
        let request = self
            .untyped_list_url(path, params)
            .map(|url| RequestSpec::new(Method::GET, url, UNTYPED));
        Call::new(self, request, page::decode::<T>)
    }

    /// Every page of the list at `path`.
    pub fn pages<T: ListItem>(
        &self,
        path: &str,
        params: &ListParams<impl Serialize>,
    ) -> PageStream<T> {
        PageStream::start(self, UNTYPED, self.untyped_list_url(path, params))
    }

    /// Every item of the list at `path`, across all pages (see [`ItemStream`] for the rules).
    /// `T` needs an id for the cursor: any [`Resource`](crate::Resource), or
    /// `serde_json::Value` (its `"id"` field).
    pub fn stream<T: ListItem>(
        &self,
        path: &str,
        params: &ListParams<impl Serialize>,
    ) -> ItemStream<T> {
        ItemStream::over(self.pages(path, params))
    }

    /// Resumes a walk of the list at `path` from a saved [`Cursor`]; the cursor must address
    /// exactly that list (every segment as written: `{x}` is a segment, not a placeholder).
    pub fn resume<T: ListItem>(&self, path: &str, cursor: &Cursor) -> ItemStream<T> {
        let start = self
            .untyped_url(path)
            .and_then(|_| cursor.to_url(self, path, false));
        ItemStream::over(PageStream::start(self, UNTYPED, start))
    }

    fn with_body<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Call<T> {
        let request = self
            .untyped_url(path)
            .and_then(|url| RequestSpec::new(method, url, UNTYPED).json(body));
        Call::new(self, request, decode::json::<T>)
    }

    fn untyped_list_url<F: Serialize>(&self, path: &str, params: &ListParams<F>) -> Result<Url> {
        let mut url = self.untyped_url(path)?;
        params.apply(&mut url)?;
        Ok(url)
    }

    /// The URL of an untyped path, refusing what could leave the base URL or change the query.
    fn untyped_url(&self, path: &str) -> Result<Url> {
        // Shown without what a query or a userinfo could carry (a token, a password).
        let refused = |why: &str| {
            Error::invalid(format!(
                "the path {:?} {why}; write an API path such as /tasks/task_1",
                crate::error::text::shown_url(path)
            ))
        };
        if !path.starts_with('/') || path.starts_with("//") {
            return Err(refused("does not start with a single /"));
        }
        if path.contains(['?', '#', '\\']) || path.chars().any(char::is_control) {
            return Err(refused(
                "holds a query, a fragment, a backslash or a control character",
            ));
        }
        // URL parsers resolve dot segments even when percent-encoded.
        let dot = |segment: &str| {
            let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
            decoded == "." || decoded == ".."
        };
        if path.split('/').any(dot) {
            return Err(refused("holds a . or .. segment"));
        }
        Ok(self.url(path))
    }
}
