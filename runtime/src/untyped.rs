//! Untyped calls: any path of the API, decoded into any type, with the rules of typed calls.

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::call::Call;
use crate::client::Client;
use crate::decode;
use crate::ops::{NO_BODY, request, with_params};
use crate::page::{self, Cursor, Page};
use crate::params::ListParams;
use crate::path::{self, PathTemplate};
use crate::resource::ListItem;
use crate::stream::{ItemStream, PageStream};

/// What the spans of untyped calls show as their path: the path itself may hold ids.
const UNTYPED: PathTemplate = PathTemplate::collection("(untyped)");

impl Client {
    /// Calls on an API path no resource type describes yet, decoded into any type, by every
    /// rule typed calls follow (key kept on the API's origin, [`Error`](crate::Error)s, retries,
    /// budgets, body limits, pagination).
    ///
    /// `path` is under the base URL, e.g. `/tasks/task_1`: it starts with `/` and holds no
    /// query (use [`ListParams`]), fragment, `\`, or `.`/`..` segment, else awaiting the call is
    /// an error, nothing sent. Segments are sent as written: encode ids that may hold `/`, `?`,
    /// `#` or `%`.
    ///
    /// ```no_run
    /// use ittybit_runtime::{Client, ListParams};
    /// use serde_json::{Value, json};
    ///
    /// # async fn run(client: Client) -> ittybit_runtime::Result<()> {
    /// let task: Value = client.path("/tasks/task_1").get().await?;
    /// println!("{}", task["status"]);
    ///
    /// let failed = ListParams::new().limit(100).filters(json!({"status": "failed"}));
    /// let mut all = client.path("/tasks").stream::<Value>(&failed);
    /// while let Some(task) = all.try_next().await? {
    ///     println!("{}", task["id"]);
    /// }
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn path<'a>(&'a self, path: &'a str) -> ApiPath<'a> {
        ApiPath { client: self, path }
    }
}

/// An API path to call without a resource type: see [`Client::path`].
#[derive(Debug, Clone, Copy)]
pub struct ApiPath<'a> {
    client: &'a Client,
    path: &'a str,
}

impl ApiPath<'_> {
    /// `GET`, decoded as `T` (any `DeserializeOwned`, e.g. `serde_json::Value`).
    pub fn get<T: DeserializeOwned>(self) -> Call<T> {
        self.call(Method::GET, NO_BODY)
    }

    /// `POST` with `body` as JSON, the answer decoded as `T`; not retried once it may be processed.
    pub fn post<T: DeserializeOwned>(self, body: &(impl Serialize + ?Sized)) -> Call<T> {
        self.call(Method::POST, Some(body))
    }

    /// `PUT` with `body` as JSON, the answer decoded as `T`.
    pub fn put<T: DeserializeOwned>(self, body: &(impl Serialize + ?Sized)) -> Call<T> {
        self.call(Method::PUT, Some(body))
    }

    /// `PATCH` with `body` as JSON, the answer decoded as `T`.
    pub fn patch<T: DeserializeOwned>(self, body: &(impl Serialize + ?Sized)) -> Call<T> {
        self.call(Method::PATCH, Some(body))
    }

    /// `DELETE`; any 2xx answer (204, or a body) is success.
    pub fn delete(self) -> Call<()> {
        let url = path::untyped(self.client, self.path);
        request(
            self.client,
            Method::DELETE,
            url,
            UNTYPED,
            NO_BODY,
            decode::nothing,
        )
    }

    /// `GET` with `params`: one page of a list, items decoded as `T`.
    pub fn list<T: DeserializeOwned>(self, params: &ListParams<impl Serialize>) -> Call<Page<T>> {
        let url = with_params(path::untyped(self.client, self.path), params);
        request(
            self.client,
            Method::GET,
            url,
            UNTYPED,
            NO_BODY,
            page::decode::<T>,
        )
    }

    /// Every page of the list.
    pub fn pages<T: ListItem>(self, params: &ListParams<impl Serialize>) -> PageStream<T> {
        let url = with_params(path::untyped(self.client, self.path), params);
        PageStream::start(self.client, UNTYPED, url)
    }

    /// Every item of the list ([`ItemStream`]). `T` needs an id for the cursor: any
    /// [`Resource`](crate::Resource), or `serde_json::Value` (its `"id"`, a string or a number).
    pub fn stream<T: ListItem>(self, params: &ListParams<impl Serialize>) -> ItemStream<T> {
        ItemStream::over(self.pages(params))
    }

    /// Resumes a walk of the list from a saved [`Cursor`], which must address exactly this
    /// path (every segment as written: `{x}` is a segment, not a placeholder).
    pub fn resume<T: ListItem>(self, cursor: &Cursor) -> ItemStream<T> {
        let url = path::untyped(self.client, self.path)
            .and_then(|_| cursor.to_url(self.client, self.path, false));
        ItemStream::over(PageStream::start(self.client, UNTYPED, url))
    }

    fn call<T: DeserializeOwned>(
        self,
        method: Method,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Call<T> {
        let url = path::untyped(self.client, self.path);
        request(self.client, method, url, UNTYPED, body, decode::json::<T>)
    }
}
