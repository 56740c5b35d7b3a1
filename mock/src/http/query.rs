//! List query strings: `limit`, `after`, `before`, `order` and filters, percent-decoded, and
//! the query of the next page.

use crate::http::errors::ApiError;
use crate::store::collection::Order;
use crate::store::page::PageQuery;

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
            let (key, value) = (decode(key), decode(value));
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
