//! Lists: query strings (`limit`, `after`, `before`, `order` and filters, percent-decoded)
//! and responses: a collection's page as a bare JSON array with `Has-More`, `Limit` and an
//! absolute `Link: <…>; rel="next"` (the query of the next page) built from the request's
//! `Host`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::uri::Authority;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use crate::http::respond;
use crate::http::respond::ApiError;
use crate::model::Resource;
use crate::store::collection::{Collection, Order, Page, PageQuery};
use crate::store::custom::percent_decode;

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

/// The page size when the request names none.
pub(crate) const DEFAULT_LIMIT: usize = 20;
/// The largest page size a request may ask for.
pub(crate) const MAX_LIMIT: usize = 100;

/// The parsed query of a list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    /// The page asked for.
    pub(crate) page: PageQuery,
    /// Every parameter, decoded, in request order.
    params: Vec<(String, String)>,
    /// The raw `key=value` pairs other than `after` and `before`, kept for the next link.
    kept: Vec<String>,
}

impl ListQuery {
    /// Parses a raw (percent-encoded) query string. Unknown parameters are kept but ignored.
    pub(crate) fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut params = Vec::new();
        let mut kept = Vec::new();
        for pair in raw.unwrap_or("").split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let malformed = |why| {
                ApiError::invalid(format!("The query parameter `{pair}` is malformed: {why}."))
            };
            let (key, value) = (
                percent_decode(key, true).map_err(malformed)?,
                percent_decode(value, true).map_err(malformed)?,
            );
            if key != "after" && key != "before" {
                kept.push(pair.to_owned());
            }
            params.push((key, value));
        }
        let mut query = Self {
            page: PageQuery {
                limit: DEFAULT_LIMIT,
                after: None,
                before: None,
                order: Order::Desc,
            },
            params,
            kept,
        };
        if let Some(limit) = query.param("limit") {
            query.page.limit = limit
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    ApiError::invalid(format!(
                        "The `limit` parameter must be an integer from 1 to {MAX_LIMIT}, not `{limit}`."
                    ))
                })?;
        }
        if let Some(order) = query.param("order") {
            query.page.order = match order {
                "asc" => Order::Asc,
                "desc" => Order::Desc,
                other => {
                    return Err(ApiError::invalid(format!(
                        "The `order` parameter must be `asc` or `desc`, not `{other}`."
                    )));
                }
            };
        }
        query.page.after = query.cursor("after");
        query.page.before = query.cursor("before");
        Ok(query)
    }

    /// A non-empty cursor parameter.
    fn cursor(&self, name: &str) -> Option<String> {
        self.param(name)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// The decoded value of a parameter (the last one when repeated).
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The query of the next page: every parameter but `after`/`before`, then `after=<id>`.
    pub(crate) fn next_query(&self, last_id: &str) -> String {
        let mut query = self.kept.join("&");
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("after=");
        query.push_str(&encode(last_id));
        query
    }
}

/// Upper-case hexadecimal digits.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes everything but unreserved characters.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod query_tests {
    use super::*;

    use proptest::prelude::*;

    /// A query component, decoded.
    fn decode(raw: &str) -> Result<String, &'static str> {
        percent_decode(raw, true)
    }

    #[test]
    fn decodes_form_components_strictly() {
        assert_eq!(decode("a%20b+c").unwrap(), "a b c");
        assert_eq!(decode("%E2%9C%93").unwrap(), "\u{2713}");
        assert_eq!(decode("%2b%2B%7e").unwrap(), "++~");
        assert_eq!(decode("").unwrap(), "");
        for bad in ["%+1", "%-1", "100%", "%4", "%zz", "%%41", "a%g0", "% 1"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
        assert!(decode("%FF").is_err(), "not UTF-8");
        assert!(ListQuery::parse(Some("after=%+1")).is_err());
        assert!(ListQuery::parse(Some("%zz=1")).is_err());
    }

    proptest! {
        #[test]
        fn decoding_undoes_encoding(text in "\\PC*") {
            prop_assert_eq!(decode(&encode(&text)).unwrap(), text);
        }

        #[test]
        fn a_percent_without_two_hex_digits_is_an_error(
            before in "\\PC*",
            after in "[^0-9A-Fa-f]\\PC*",
            one in "[0-9A-Fa-f]?",
        ) {
            let inside = format!("{before}%{one}{after}");
            let at_the_end = format!("{before}%{one}");
            prop_assert!(decode(&inside).is_err());
            prop_assert!(decode(&at_the_end).is_err());
        }

        #[test]
        fn any_input_decodes_or_errs_without_panicking(raw in "\\PC*") {
            let _ = decode(&raw);
        }
    }

    #[test]
    fn parses_defaults_and_bounds() {
        let query = ListQuery::parse(None).unwrap();
        assert_eq!(
            (query.page.limit, query.page.order),
            (DEFAULT_LIMIT, Order::Desc)
        );
        for bad in [
            "limit=0",
            "limit=101",
            "limit=-1",
            "limit=abc",
            "limit=",
            "limit=1.5",
        ] {
            assert!(ListQuery::parse(Some(bad)).is_err(), "{bad}");
        }
        assert!(ListQuery::parse(Some("order=up")).is_err());
        assert_eq!(
            ListQuery::parse(Some("limit=100&x=1")).unwrap().page.limit,
            100
        );
    }

    #[test]
    fn next_query_keeps_params_and_replaces_cursors() {
        let query =
            ListQuery::parse(Some("limit=5&before=task_a&status=queued&after=task_b")).unwrap();
        assert_eq!(
            query.next_query("task_c"),
            "limit=5&status=queued&after=task_c"
        );
        assert_eq!(
            ListQuery::parse(None).unwrap().next_query("x y"),
            "after=x%20y"
        );
    }
}
