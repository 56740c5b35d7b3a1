//! List responses: a collection's page as a bare JSON array with `Has-More`, `Limit` and an
//! absolute `Link: <…>; rel="next"` built from the request's `Host`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::uri::Authority;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use crate::http::errors::ApiError;
use crate::http::query::ListQuery;
use crate::http::respond;
use crate::model::resource::Resource;
use crate::store::collection::Collection;
use crate::store::page::Page;

/// A list request: its query plus what is needed to build absolute `Link` URLs.
#[derive(Debug, Clone)]
pub(crate) struct ListRequest {
    /// The parsed query.
    pub(crate) query: ListQuery,
    /// The `Host` the client addressed.
    host: String,
    /// The raw request path.
    path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for ListRequest {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = ListQuery::parse(parts.uri.query())?;
        // Only a well-formed authority goes into the `Link` URL; anything else in `Host` could
        // break out of the `<…>`.
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .and_then(|host| host.parse::<Authority>().ok())
            .or_else(|| parts.uri.authority().cloned())
            .map_or_else(|| "localhost".to_owned(), |host| host.to_string());
        Ok(Self {
            query,
            host,
            path: parts.uri.path().to_owned(),
        })
    }
}

impl ListRequest {
    /// The filter parameter `name`, if given.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query.param(name)
    }

    /// The `200` response listing the page of `items` this request asks for among those `keep`
    /// accepts; `400 request_invalid` for an unknown cursor.
    pub(crate) fn respond<T: Serialize + Resource>(
        &self,
        items: &Collection<T>,
        keep: impl Fn(&T) -> bool,
    ) -> Result<Response, ApiError> {
        let page = items.page(&self.query.page, keep)?;
        Ok(self.page_response(&page))
    }

    /// A bare JSON array plus `Has-More`, `Limit` and, when more items exist,
    /// `Link: <http://{host}{path}?…&after={last id}>; rel="next"`.
    fn page_response<T: Serialize + Resource>(&self, page: &Page<'_, T>) -> Response {
        let mut response = respond::json(StatusCode::OK, &page.items);
        if response.status() != StatusCode::OK {
            return response;
        }
        let headers = response.headers_mut();
        headers.insert(
            HeaderName::from_static("has-more"),
            HeaderValue::from_static(if page.has_more { "true" } else { "false" }),
        );
        headers.insert(
            HeaderName::from_static("limit"),
            HeaderValue::from(self.query.page.limit),
        );
        if let Some(last) = page.items.last().filter(|_| page.has_more) {
            let link = format!(
                "<http://{}{}?{}>; rel=\"next\"",
                self.host,
                self.path,
                self.query.next_query(last.id())
            );
            if let Ok(value) = HeaderValue::from_str(&link) {
                headers.insert(header::LINK, value);
            }
        }
        response
    }
}
