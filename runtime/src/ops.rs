//! The operations `#[resource]` expands to, each a thin call of `request`, shared with untyped
//! calls (URL → `RequestSpec` → [`Call`]). `args` fill the path's placeholders in order: those
//! of [`PATH`](Resource::PATH) (`/automations/{automation_id}/runs`), then an item's id, each
//! encoded as exactly one path segment (`path.rs`).

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::call::{Call, Decoder};
use crate::client::Client;
use crate::decode::{json, nothing};
use crate::error::Result;
use crate::page::{self, Page};
use crate::params::ListParams;
use crate::path::{PathArgs, PathTemplate, fill};
use crate::request::RequestSpec;
use crate::resource::Resource;
use crate::stream::{ItemStream, PageStream};

/// `GET {PATH}/{id}`.
pub fn get<T: Resource>(client: &Client, args: &PathArgs<'_>) -> Call<T> {
    at(
        client,
        Method::GET,
        PathTemplate::item(T::PATH),
        args,
        NO_BODY,
        json,
    )
}

/// `GET {PATH}`: one page of the list.
pub fn list<T: Resource>(
    client: &Client,
    args: &PathArgs<'_>,
    params: &ListParams<T::Filters>,
) -> Call<Page<T>> {
    let template = PathTemplate::collection(T::PATH);
    let url = with_params(fill(client, template, args), params);
    request(client, Method::GET, url, template, NO_BODY, page::decode)
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
    let template = PathTemplate::collection(T::PATH);
    let url = with_params(fill(client, template, args), params);
    PageStream::start(client, template, url)
}

/// `POST {PATH}` with a JSON body.
pub fn create<T: Resource, B: Serialize + ?Sized>(
    client: &Client,
    args: &PathArgs<'_>,
    body: &B,
) -> Call<T> {
    let template = PathTemplate::collection(T::PATH);
    at(client, Method::POST, template, args, Some(body), json)
}

/// `PATCH {PATH}/{id}` with a JSON body.
pub fn update<T: Resource, B: Serialize + ?Sized>(
    client: &Client,
    args: &PathArgs<'_>,
    body: &B,
) -> Call<T> {
    let template = PathTemplate::item(T::PATH);
    at(client, Method::PATCH, template, args, Some(body), json)
}

/// `DELETE {PATH}/{id}`: any 2xx answer (204, or a body) is success.
pub fn delete<T: Resource>(client: &Client, args: &PathArgs<'_>) -> Call<()> {
    at(
        client,
        Method::DELETE,
        PathTemplate::item(T::PATH),
        args,
        NO_BODY,
        nothing,
    )
}

/// The body of a request that sends none: `None`, of a type that names the body's.
pub const NO_BODY: Option<&'static ()> = None;

/// `method {PATH}{suffix}` (`suffix` may hold `{id}`: `/{id}/run`), optional JSON body, answer `R`.
pub fn action<T: Resource, R: DeserializeOwned>(
    client: &Client,
    method: Method,
    suffix: &'static str,
    args: &PathArgs<'_>,
    body: Option<&(impl Serialize + ?Sized)>,
) -> Call<R> {
    let template = PathTemplate {
        resource: T::PATH,
        suffix,
    };
    at(client, method, template, args, body, json)
}

/// `method path` for a resource with no id and no list (a singleton such as `/account`).
pub fn singleton<R: DeserializeOwned, B: Serialize + ?Sized>(
    client: &Client,
    method: Method,
    path: &'static str,
    args: &PathArgs<'_>,
    body: Option<&B>,
) -> Call<R> {
    at(
        client,
        method,
        PathTemplate::collection(path),
        args,
        body,
        json,
    )
}

/// `url` with the list parameters in its query.
pub(crate) fn with_params<F: Serialize>(url: Result<Url>, params: &ListParams<F>) -> Result<Url> {
    let mut url = url?;
    params.apply(&mut url)?;
    Ok(url)
}

/// A call of `method` on `template` filled with `args`.
fn at<R, B: Serialize + ?Sized>(
    client: &Client,
    method: Method,
    template: PathTemplate,
    args: &PathArgs<'_>,
    body: Option<&B>,
    decode: Decoder<R>,
) -> Call<R> {
    request(
        client,
        method,
        fill(client, template, args),
        template,
        body,
        decode,
    )
}

/// A call of `method url` with an optional JSON body; an invalid URL or body fails it unsent.
pub(crate) fn request<R, B: Serialize + ?Sized>(
    client: &Client,
    method: Method,
    url: Result<Url>,
    template: PathTemplate,
    body: Option<&B>,
    decode: Decoder<R>,
) -> Call<R> {
    let spec = url.and_then(|url| {
        let spec = RequestSpec::new(method, url, template);
        match body {
            Some(body) => spec.json(body),
            None => Ok(spec),
        }
    });
    Call::new(client, spec, decode)
}
