//! The generic operations every resource shares. `#[resource]` writes thin methods that call
//! these; they are public so hand-written resources can call them too.
//!
//! Each takes `args`, the values of the path's placeholders in path order: those of the
//! resource's [`PATH`](Resource::PATH) (a nested collection such as
//! `/automations/{automation_id}/runs`), then the id for an item. Every value is displayed and
//! encoded as exactly one path segment (`""`, `.` and `..` are refused before sending).
//!
//! ```no_run
//! # use ittybit_runtime::{Client, NoFilters, Resource, ops};
//! # #[derive(serde::Deserialize)] struct Task { id: String }
//! # impl Resource for Task {
//! #     const PATH: &'static str = "/tasks";
//! #     type Filters = NoFilters;
//! #     type Id = str;
//! #     fn id(&self) -> &str { &self.id }
//! # }
//! # async fn run(client: Client) -> ittybit_runtime::Result<()> {
//! let task: Task = ops::get(&client, &[&"task_123"]).await?;
//! # Ok(()) }
//! ```

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::call::Call;
use crate::client::Client;
use crate::decode;
use crate::error::Result;
use crate::page::{self, Page};
use crate::params::ListParams;
use crate::path::{PathArgs, fill};
use crate::request::{PathTemplate, RequestSpec};
use crate::resource::Resource;
use crate::stream::{ItemStream, PageStream};

/// `GET {PATH}/{id}`: one resource (`args`: the path's values, then the id).
pub fn get<T: Resource>(client: &Client, args: &PathArgs<'_>) -> Call<T> {
    let template = PathTemplate::item(T::PATH);
    let request =
        fill(client, template, args).map(|url| RequestSpec::new(Method::GET, url, template));
    Call::new(client, request, decode::json::<T>)
}

/// `GET {PATH}`: one page of the list.
pub fn list<T: Resource>(
    client: &Client,
    args: &PathArgs<'_>,
    params: &ListParams<T::Filters>,
) -> Call<Page<T>> {
    let template = PathTemplate::collection(T::PATH);
    let request =
        list_url::<T>(client, args, params).map(|url| RequestSpec::new(Method::GET, url, template));
    Call::new(client, request, page::decode::<T>)
}

/// Every item of the list, across all pages.
pub fn stream<T: Resource>(
    client: &Client,
    args: &PathArgs<'_>,
    params: &ListParams<T::Filters>,
) -> ItemStream<T> {
    ItemStream::over(pages(client, args, params))
}

/// Every page of the list.
pub fn pages<T: Resource>(
    client: &Client,
    args: &PathArgs<'_>,
    params: &ListParams<T::Filters>,
) -> PageStream<T> {
    PageStream::start(
        client,
        PathTemplate::collection(T::PATH),
        list_url::<T>(client, args, params),
    )
}

/// The first page's URL: the collection with its values and the list parameters.
fn list_url<T: Resource>(
    client: &Client,
    args: &PathArgs<'_>,
    params: &ListParams<T::Filters>,
) -> Result<Url> {
    let mut url = fill(client, PathTemplate::collection(T::PATH), args)?;
    params.apply(&mut url)?;
    Ok(url)
}

/// `POST {PATH}` with a JSON body: creates a resource.
pub fn create<T: Resource, B: Serialize + ?Sized>(
    client: &Client,
    args: &PathArgs<'_>,
    body: &B,
) -> Call<T> {
    let template = PathTemplate::collection(T::PATH);
    let request = fill(client, template, args)
        .and_then(|url| RequestSpec::new(Method::POST, url, template).json(body));
    Call::new(client, request, decode::json::<T>)
}

/// `PATCH {PATH}/{id}` with a JSON body: updates a resource (`args`: the path's values, then
/// the id).
pub fn update<T: Resource, B: Serialize + ?Sized>(
    client: &Client,
    args: &PathArgs<'_>,
    body: &B,
) -> Call<T> {
    let template = PathTemplate::item(T::PATH);
    let request = fill(client, template, args)
        .and_then(|url| RequestSpec::new(Method::PATCH, url, template).json(body));
    Call::new(client, request, decode::json::<T>)
}

/// `DELETE {PATH}/{id}`: deletes a resource (`args`: the path's values, then the id). Any 2xx
/// answer (204, or a body) is success.
pub fn delete<T: Resource>(client: &Client, args: &PathArgs<'_>) -> Call<()> {
    let template = PathTemplate::item(T::PATH);
    let request =
        fill(client, template, args).map(|url| RequestSpec::new(Method::DELETE, url, template));
    Call::new(client, request, decode::nothing)
}

/// The body of a request that sends none ([`action`], [`singleton`]): `None`, of a type that
/// names the body's, so that callers need not.
pub const NO_BODY: Option<&'static ()> = None;

/// A custom operation: `method {PATH}{suffix}`, where `suffix` may hold `{id}` (e.g.
/// `/{id}/run`), with an optional JSON body ([`NO_BODY`] for none), answering `R`. `args` fill
/// the placeholders of `PATH`, then the suffix's.
///
/// ```no_run
/// # use ittybit_runtime::{Client, Method, NoFilters, Resource, ops};
/// # #[derive(serde::Deserialize)] struct Automation { id: String }
/// # impl Resource for Automation {
/// #     const PATH: &'static str = "/automations";
/// #     type Filters = NoFilters;
/// #     type Id = str;
/// #     fn id(&self) -> &str { &self.id }
/// # }
/// # async fn run(client: Client) -> ittybit_runtime::Result<()> {
/// let paused = ops::action::<Automation, Automation>(
///     &client, Method::POST, "/{id}/pause", &[&"auto_1"], ops::NO_BODY,
/// );
/// let paused = paused.await?;
/// # Ok(()) }
/// ```
pub fn action<T, R>(
    client: &Client,
    method: Method,
    suffix: &'static str,
    args: &PathArgs<'_>,
    body: Option<&(impl Serialize + ?Sized)>,
) -> Call<R>
where
    T: Resource,
    R: DeserializeOwned,
{
    request(
        client,
        method,
        PathTemplate {
            resource: T::PATH,
            suffix,
        },
        args,
        body,
    )
}

/// `method path`, where `path` may hold placeholders filled by `args`, with an optional JSON
/// body ([`NO_BODY`] for none), answering `R`: the operations of a resource that has no id and no list (a singleton
/// such as `/account`), which implements no [`Resource`].
pub fn singleton<R, B>(
    client: &Client,
    method: Method,
    path: &'static str,
    args: &PathArgs<'_>,
    body: Option<&B>,
) -> Call<R>
where
    R: DeserializeOwned,
    B: Serialize + ?Sized,
{
    request(client, method, PathTemplate::collection(path), args, body)
}

fn request<R, B>(
    client: &Client,
    method: Method,
    template: PathTemplate,
    args: &PathArgs<'_>,
    body: Option<&B>,
) -> Call<R>
where
    R: DeserializeOwned,
    B: Serialize + ?Sized,
{
    let request = fill(client, template, args).and_then(|url| {
        let spec = RequestSpec::new(method, url, template);
        match body {
            Some(body) => spec.json(body),
            None => Ok(spec),
        }
    });
    Call::new(client, request, decode::json::<R>)
}
