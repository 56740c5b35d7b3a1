//! Cursor pagination: query parsing (`limit`, `after`, `before`, `order`, filters), page
//! selection and the `Has-More`, `Limit` and `Link` response headers.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

use crate::errors::ApiError;
use crate::respond;
use crate::store::{Collection, Identified};

/// The page size when the request names none.
pub(crate) const DEFAULT_LIMIT: usize = 20;
/// The largest page size a request may ask for.
pub(crate) const MAX_LIMIT: usize = 100;

/// List order by creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Oldest first.
    Asc,
    /// Newest first (the default).
    Desc,
}

/// The parsed query of a list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    /// Items per page, 1–100.
    pub(crate) limit: usize,
    /// Return items after this id.
    pub(crate) after: Option<String>,
    /// Return items before this id.
    pub(crate) before: Option<String>,
    /// Creation order.
    pub(crate) order: Order,
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
            let (key, value) = (decode(key), decode(value));
            if key != "after" && key != "before" {
                kept.push(pair.to_owned());
            }
            params.push((key, value));
        }
        let mut query = Self {
            limit: DEFAULT_LIMIT,
            after: None,
            before: None,
            order: Order::Desc,
            params,
            kept,
        };
        if let Some(limit) = query.param("limit") {
            query.limit = limit
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
            query.order = match order {
                "asc" => Order::Asc,
                "desc" => Order::Desc,
                other => {
                    return Err(ApiError::invalid(format!(
                        "The `order` parameter must be `asc` or `desc`, not `{other}`."
                    )));
                }
            };
        }
        query.after = query
            .param("after")
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        query.before = query
            .param("before")
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        Ok(query)
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
    fn next_query(&self, last_id: &str) -> String {
        let mut query = self.kept.join("&");
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("after=");
        query.push_str(&encode(last_id));
        query
    }
}

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
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
            .or_else(|| parts.uri.authority().map(ToString::to_string))
            .unwrap_or_else(|| "localhost".to_owned());
        Ok(Self {
            query,
            host,
            path: parts.uri.path().to_owned(),
        })
    }
}

/// One page of a collection.
#[derive(Debug)]
pub(crate) struct Page<'a, T> {
    /// The items, in list order.
    pub(crate) items: Vec<&'a T>,
    /// Whether the next page (the items after the last one, ignoring `before`) is non-empty.
    pub(crate) has_more: bool,
}

/// Selects the page `query` asks for among the items `keep` accepts.
///
/// - no cursor: the first `limit` items in `order`;
/// - `after`: the first `limit` items following that item;
/// - `before`: the `limit` items immediately preceding that item, still listed in `order`;
/// - both: items following `after` and preceding `before`.
///
/// `has_more` is true when following the `rel="next"` link (`after` = the last item, no
/// `before`) would return at least one item. Unknown cursors are `400 request_invalid`.
pub(crate) fn select<'a, T: Identified>(
    items: &'a Collection<T>,
    query: &ListQuery,
    noun: &str,
    keep: impl Fn(&T) -> bool,
) -> Result<Page<'a, T>, ApiError> {
    let cursor = |name: &str, id: Option<&String>| -> Result<Option<u64>, ApiError> {
        id.map(|id| {
            items.seq_of(id).ok_or_else(|| {
                ApiError::invalid(format!(
                    "The `{name}` parameter `{id}` does not match any {noun}."
                ))
            })
        })
        .transpose()
    };
    let after = cursor("after", query.after.as_ref())?;
    let before = cursor("before", query.before.as_ref())?;
    let order = query.order;
    let page: Vec<(u64, &T)> = match (after, before) {
        (None, Some(before)) => {
            let mut nearest: Vec<_> = items
                .walk_before(order, before)
                .filter(|(_, item)| keep(item))
                .take(query.limit)
                .collect();
            nearest.reverse();
            nearest
        }
        (after, before) => items
            .walk_after(order, after)
            .take_while(|&(seq, _)| {
                before.is_none_or(|before| match order {
                    Order::Asc => seq < before,
                    Order::Desc => seq > before,
                })
            })
            .filter(|(_, item)| keep(item))
            .take(query.limit)
            .collect(),
    };
    let has_more = page.last().is_some_and(|&(last, _)| {
        items
            .walk_after(order, Some(last))
            .any(|(_, item)| keep(item))
    });
    Ok(Page {
        items: page.into_iter().map(|(_, item)| item).collect(),
        has_more,
    })
}

/// The `200` response of a list: a bare JSON array plus `Has-More`, `Limit` and, when more
/// items exist, `Link: <http://{host}{path}?…&after={last id}>; rel="next"`.
pub(crate) fn respond<T: Serialize + Identified>(
    page: &Page<'_, T>,
    request: &ListRequest,
) -> Response {
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
        HeaderValue::from(request.query.limit),
    );
    if let Some(last) = page.items.last().filter(|_| page.has_more) {
        let link = format!(
            "<http://{}{}?{}>; rel=\"next\"",
            request.host,
            request.path,
            request.query.next_query(last.id())
        );
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    response
}

/// Decodes one `application/x-www-form-urlencoded` component (`+` is a space). Malformed escapes
/// are kept as they are; invalid UTF-8 is replaced.
fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, escaped) {
            (_, Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
mod tests {
    use super::*;

    #[test]
    fn decodes_form_components() {
        assert_eq!(decode("a%20b+c"), "a b c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%E2%9C%93"), "\u{2713}");
    }

    #[test]
    fn parses_defaults_and_bounds() {
        let query = ListQuery::parse(None).unwrap();
        assert_eq!((query.limit, query.order), (DEFAULT_LIMIT, Order::Desc));
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
        assert_eq!(ListQuery::parse(Some("limit=100&x=1")).unwrap().limit, 100);
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
