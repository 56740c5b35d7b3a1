//! The list headers besides `Link`: `Has-More` and `Limit`. A malformed value is absent: the
//! walk falls back on `Link` and the page's contents, never on a guess.

use reqwest::header::HeaderMap;

/// `Has-More: true|false` (any case, surrounding whitespace ignored).
#[must_use]
pub(crate) fn has_more(headers: &HeaderMap) -> Option<bool> {
    let value = headers.get("has-more")?.to_str().ok()?.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `Limit: <integer>`, the limit the server applied.
#[must_use]
pub(crate) fn limit(headers: &HeaderMap) -> Option<u32> {
    headers.get("limit")?.to_str().ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(name: &'static str, value: &[u8]) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_bytes(value).unwrap());
        map
    }

    #[test]
    fn has_more_table() {
        let cases: [(&[u8], Option<bool>); 9] = [
            (b"true", Some(true)),
            (b"TRUE", Some(true)),
            (b" True ", Some(true)),
            (b"false", Some(false)),
            (b"FaLsE", Some(false)),
            (b"yes", None),
            (b"1", None),
            (b"", None),
            (b"tr\xffue", None),
        ];
        for (value, want) in cases {
            assert_eq!(has_more(&headers("has-more", value)), want, "{value:?}");
        }
        assert_eq!(has_more(&HeaderMap::new()), None);
    }

    #[test]
    fn limit_table() {
        let cases: [(&[u8], Option<u32>); 7] = [
            (b"20", Some(20)),
            (b" 100 ", Some(100)),
            (b"0", Some(0)),
            (b"-1", None),
            (b"ten", None),
            (b"99999999999999", None),
            (b"", None),
        ];
        for (value, want) in cases {
            assert_eq!(limit(&headers("limit", value)), want, "{value:?}");
        }
        assert_eq!(limit(&HeaderMap::new()), None);
    }
}
