//! The generic operations every resource shares. `#[resource]` writes thin methods that call
//! these; they are public so hand-written resources can call them too.

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::call::Call;
use crate::client::Client;
use crate::decode;
use crate::page::{self, Page};
use crate::params::ListParams;
use crate::request::{PathTemplate, RequestSpec, item_url};
use crate::resource::Resource;
use crate::stream::{ItemStream, PageStream};

/// `GET {PATH}/{id}`: one resource.
pub fn get<T: Resource>(client: &Client, id: &str) -> Call<T> {
    let template = PathTemplate::item(T::PATH);
    let request = item_url(client, template, Some(id))
        .map(|url| RequestSpec::new(Method::GET, url, template));
    Call::new(client, request, decode::json::<T>)
}

/// `GET {PATH}`: one page of the list.
pub fn list<T: Resource>(client: &Client, params: &ListParams<T::Filters>) -> Call<Page<T>> {
    let mut url = client.url(T::PATH);
    let request = params
        .apply(&mut url)
        .map(|()| RequestSpec::new(Method::GET, url, PathTemplate::collection(T::PATH)));
    Call::new(client, request, page::decode::<T>)
}

/// Every item of the list, across all pages.
pub fn stream<T: Resource>(client: &Client, params: &ListParams<T::Filters>) -> ItemStream<T> {
    ItemStream::new(client, params)
}

/// Every page of the list.
pub fn pages<T: Resource>(client: &Client, params: &ListParams<T::Filters>) -> PageStream<T> {
    PageStream::new(client, params)
}

/// `POST {PATH}` with a JSON body: creates a resource.
pub fn create<T: Resource, B: Serialize + ?Sized>(client: &Client, body: &B) -> Call<T> {
    let template = PathTemplate::collection(T::PATH);
    let request = RequestSpec::new(Method::POST, client.url(T::PATH), template).json(body);
    Call::new(client, request, decode::json::<T>)
}

/// `PATCH {PATH}/{id}` with a JSON body: updates a resource.
pub fn update<T: Resource, B: Serialize + ?Sized>(client: &Client, id: &str, body: &B) -> Call<T> {
    let template = PathTemplate::item(T::PATH);
    let request = item_url(client, template, Some(id))
        .and_then(|url| RequestSpec::new(Method::PATCH, url, template).json(body));
    Call::new(client, request, decode::json::<T>)
}

/// `DELETE {PATH}/{id}`: deletes a resource. Any 2xx answer (204, or a body) is success.
pub fn delete<T: Resource>(client: &Client, id: &str) -> Call<()> {
    let template = PathTemplate::item(T::PATH);
    let request = item_url(client, template, Some(id))
        .map(|url| RequestSpec::new(Method::DELETE, url, template));
    Call::new(client, request, decode::nothing)
}

/// A custom operation: `method {PATH}{suffix}`, where `suffix` may hold `{id}` (e.g.
/// `/{id}/run`), with an optional JSON body, answering `R`.
pub fn action<T, R, B>(
    client: &Client,
    method: Method,
    suffix: &'static str,
    id: Option<&str>,
    body: Option<&B>,
) -> Call<R>
where
    T: Resource,
    R: DeserializeOwned,
    B: Serialize + ?Sized,
{
    let template = PathTemplate {
        resource: T::PATH,
        suffix,
    };
    let request = item_url(client, template, id).and_then(|url| {
        let spec = RequestSpec::new(method, url, template);
        match body {
            Some(body) => spec.json(body),
            None => Ok(spec),
        }
    });
    Call::new(client, request, decode::json::<R>)
}
