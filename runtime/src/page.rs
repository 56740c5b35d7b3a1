//! One page of a list, what its headers said, and cursors to resume a walk.

use std::fmt;
use std::str::FromStr;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::{Position, Url};

use crate::client::Client;
use crate::decode;
use crate::error::{Error, PaginationError, Result};
use crate::headers;
use crate::link;
use crate::path::MAX_ID_LEN;
use crate::resource::ListItem;
#[cfg(test)]
use crate::resource::Resource;
use crate::send::RawResponse;

/// One page of a list: the items, plus the `Link`, `Has-More` and `Limit` headers.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) url: Url,
    pub(crate) next: Option<NextLink>,
    pub(crate) has_more: Option<bool>,
    pub(crate) limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NextLink {
    /// Resolved against the request URL.
    Url(Url),
    Invalid(String),
}

impl<T> Page<T> {
    crate::client::getters! {
        /// The items, in the order the API sent them.
        items(&self) -> &[T] = &self.items;
        /// Takes the items.
        into_items(self) -> Vec<T> = self.items;
        /// How many items the page holds.
        len(&self) -> usize = self.items.len();
        /// Whether the page holds no items.
        is_empty(&self) -> bool = self.items.is_empty();
        /// The URL this page was fetched from.
        url(&self) -> &Url = &self.url;
        /// The `rel="next"` link, resolved against the request URL (walks check its origin).
        next_url(&self) -> Option<&Url> = match &self.next {
            Some(NextLink::Url(url)) => Some(url),
            _ => None,
        };
        /// `Has-More`, when the header was present and well-formed.
        has_more(&self) -> Option<bool> = self.has_more;
        /// `Limit`, the limit the server applied, when present and well-formed.
        limit(&self) -> Option<u32> = self.limit;
    }

    /// The items by reference, in order; `for item in &page` does the same.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// Decodes the body and headers of a `GET` of `url` (for this workspace's benches).
    #[doc(hidden)]
    pub fn decode(url: Url, headers: HeaderMap, body: Bytes) -> Result<Self> {
        decode(&RawResponse {
            status: StatusCode::OK,
            method: Method::GET,
            headers,
            body,
            url,
        })
    }
}

impl<T: ListItem> Page<T> {
    /// Where the next page is, by the [walk's rules](crate::ItemStream); `None` at the end.
    ///
    /// # Errors
    /// [`Error::Pagination`] for an empty page claiming more, an invalid next link, or a last
    /// item without an id (empty, or over 1,024 bytes) when one is needed.
    pub fn next_page_url(&self) -> Result<Option<Url>> {
        let last = self.items.last().map(ListItem::list_id);
        let last = last.as_ref().map(|id| id as &dyn fmt::Display);
        next_page_url(&self.url, self.next.as_ref(), self.has_more, last)
    }
}

/// [`Page::next_page_url`], compiled once for every item type (`last`: `None` on an empty page).
pub(crate) fn next_page_url(
    url: &Url,
    next: Option<&NextLink>,
    has_more: Option<bool>,
    last: Option<&dyn fmt::Display>,
) -> Result<Option<Url>> {
    if has_more == Some(false) || (has_more.is_none() && next.is_none()) {
        return Ok(None);
    }
    let Some(last) = last else {
        return Err(Error::from(PaginationError::EmptyPageClaimsMore {
            url: path_and_query(url).to_owned(),
        }));
    };
    match next {
        Some(NextLink::Url(url)) => Ok(Some(url.clone())),
        Some(NextLink::Invalid(target)) => Err(Error::from(PaginationError::InvalidLink {
            target: crate::error::text::shown_url(target),
        })),
        None => {
            let id = last.to_string();
            if id.is_empty() || id.len() > MAX_ID_LEN {
                return Err(Error::from(PaginationError::NoCursor {
                    url: path_and_query(url).to_owned(),
                }));
            }
            Ok(Some(with_after(url, &id)))
        }
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Decodes a list response: a bare JSON array (`null` is read as empty) plus the list headers.
pub(crate) fn decode<T: DeserializeOwned>(raw: &RawResponse) -> Result<Page<T>> {
    let items = serde_json::from_slice::<Option<Vec<T>>>(&raw.body)
        .map_err(|e| decode::decode_error(raw, &raw.body, &e))?
        .unwrap_or_default();
    let next = link::find_rel(&raw.headers, "next").map(|target| match raw.url.join(&target) {
        Ok(url) => NextLink::Url(url),
        Err(_) => NextLink::Invalid(target),
    });
    Ok(Page {
        items,
        url: raw.url.clone(),
        next,
        has_more: headers::has_more(&raw.headers),
        limit: headers::limit(&raw.headers),
    })
}

/// `url` with `after=<id>` in place of any `after` or `before`, other parameters kept.
pub(crate) fn with_after(url: &Url, id: &str) -> Url {
    let mut next = url.clone();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| name != "after" && name != "before")
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    next.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("after", id);
    next
}

pub(crate) fn path_and_query(url: &Url) -> &str {
    &url[Position::BeforePath..Position::AfterQuery]
}

/// A saved position in a list walk: the path and query of the next request. Save it as text
/// ([`Cursor::as_str`] or `Display`), parse it back with [`str::parse`], and resume with
/// [`ItemStream::resume`](crate::ItemStream::resume).
///
/// ```
/// use ittybit_runtime::Cursor;
///
/// let cursor: Cursor = "/tasks?limit=100&after=task_123".parse().unwrap();
/// assert_eq!(cursor.as_str(), "/tasks?limit=100&after=task_123");
/// assert!("tasks?after=x".parse::<Cursor>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor(String);

impl Cursor {
    pub(crate) fn from_url(url: &Url) -> Self {
        Self(path_and_query(url).to_owned())
    }

    /// The URL this cursor resumes on `client`, only if it addresses exactly the list at
    /// `template` on the base URL's origin once normalised (a cursor cannot send the key away).
    pub(crate) fn to_url(
        &self,
        client: &Client,
        template: &str,
        placeholders: bool,
    ) -> Result<Url> {
        let base = client.base_url();
        let mismatch = || {
            Error::from(PaginationError::CursorMismatch {
                cursor: self.path().to_owned(),
                expected: format!("{}{template}", client.inner.base_path),
            })
        };
        let url = base.join(&self.0).map_err(|_| mismatch())?;
        let same_list = url.origin() == base.origin()
            && crate::path::matches_template(
                url.path(),
                &client.inner.base_path,
                template,
                placeholders,
            )
            && url.username().is_empty()
            && url.password().is_none()
            && url.fragment().is_none();
        if same_list { Ok(url) } else { Err(mismatch()) }
    }

    crate::client::getters! {
        /// The cursor as text.
        as_str(&self) -> &str = &self.0;
        /// The path part, without the query.
        path(&self) -> &str = self.0.split_once('?').map_or(self.0.as_str(), |(path, _)| path);
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Cursor {
    type Err = Error;

    /// Accepts an absolute path with an optional query (`/tasks?after=…`).
    fn from_str(text: &str) -> Result<Self> {
        if !text.starts_with('/') || text.starts_with("//") || text.contains(['#', '\\']) {
            return Err(Error::invalid(format!(
                "a cursor is a path and query such as /tasks?after=…, got {:?}",
                crate::error::text::shorten(text)
            )));
        }
        Ok(Self(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use serde::Deserialize;

    use crate::resource::NoFilters;

    #[derive(Debug, Clone, Deserialize, PartialEq)]
    struct Item {
        id: String,
    }

    impl Resource for Item {
        const PATH: &'static str = "/items";
        type Id = str;
        type Filters = NoFilters;
        fn id(&self) -> &str {
            &self.id
        }
    }

    fn page(body: &'static str, headers: &[(&'static str, &'static str)]) -> Result<Page<Item>> {
        let url = Url::parse("https://api.ittybit.com/v1/items?limit=2&status=a&before=x").unwrap();
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, HeaderValue::from_static(value));
        }
        Page::decode(url, map, Bytes::from_static(body.as_bytes()))
    }

    const TWO: &str = r#"[{"id":"i_1"},{"id":"i_2"}]"#;

    #[test]
    fn next_page_rules() {
        let next = |body, headers| {
            page(body, headers)
                .unwrap()
                .next_page_url()
                .map(|u| u.map(|u| u.to_string()))
        };
        // Has-More: false wins over a link.
        assert_eq!(
            next(TWO, &[("has-more", "false"), ("link", "</n>; rel=next")]).unwrap(),
            None
        );
        // A link is followed, resolved against the request URL with and without a leading slash.
        assert_eq!(
            next(TWO, &[("link", "</v1/items?after=i_2>; rel=next")])
                .unwrap()
                .as_deref(),
            Some("https://api.ittybit.com/v1/items?after=i_2")
        );
        assert_eq!(
            next(TWO, &[("link", "<items?after=i_2>; rel=next")])
                .unwrap()
                .as_deref(),
            Some("https://api.ittybit.com/v1/items?after=i_2")
        );
        // Has-More: true without a link continues after the last id with the same parameters.
        assert_eq!(
            next(TWO, &[("has-more", "TRUE")]).unwrap().as_deref(),
            Some("https://api.ittybit.com/v1/items?limit=2&status=a&after=i_2")
        );
        // Neither: the end.
        assert_eq!(next(TWO, &[]).unwrap(), None);
        // The link as the page reports it, before any check.
        let linked = page(TWO, &[("link", "</v1/items?after=i_2>; rel=next")]).unwrap();
        assert_eq!(
            linked.next_url().map(Url::as_str),
            Some("https://api.ittybit.com/v1/items?after=i_2")
        );
        assert_eq!(page(TWO, &[]).unwrap().next_url(), None);
        // A malformed Has-More is absent: the link decides.
        assert_eq!(next(TWO, &[("has-more", "maybe")]).unwrap(), None);
        // Empty pages that claim more are errors.
        for headers in [
            &[("has-more", "true")][..],
            &[("link", "</n>; rel=next")][..],
        ] {
            let err = next("[]", headers).unwrap_err();
            assert!(
                matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::EmptyPageClaimsMore { .. })),
                "{err}"
            );
        }
        assert_eq!(next("[]", &[("has-more", "false")]).unwrap(), None);
        let err = next(TWO, &[("link", "<http://[bad>; rel=next")]).unwrap_err();
        assert!(err.to_string().contains("invalid next link"), "{err}");
    }

    #[test]
    fn headers_and_bodies_are_read() {
        let page = page(TWO, &[("limit", "2"), ("has-more", "true")]).unwrap();
        assert_eq!(page.len(), 2);
        assert!(!page.is_empty());
        let ids: Vec<&str> = page.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["i_1", "i_2"]);
        let by_ref: Vec<&str> = (&page).into_iter().map(|i| i.id.as_str()).collect();
        assert_eq!(by_ref, ids);
        assert_eq!(page.items().len(), 2);
        let owned: Vec<String> = page.clone().into_iter().map(|i| i.id).collect();
        assert_eq!(owned, ["i_1", "i_2"]);
        assert_eq!(page.clone().into_items().len(), 2);
        assert_eq!(page.limit(), Some(2));
        assert_eq!(page.has_more(), Some(true));
        assert!(super::tests::page("[]", &[]).unwrap().is_empty());
        assert!(super::tests::page("null", &[]).unwrap().is_empty());
        let err = super::tests::page(r#"[{"id":"a"},{"idx":1}]"#, &[]).unwrap_err();
        assert!(err.to_string().contains("[1]"), "{err}");
    }

    use crate::client::test_client as client;

    proptest::proptest! {
        #![proptest_config(crate::property_config())]

        /// Whatever a stored cursor says, a resumed walk stays on the client's origin and on
        /// exactly the list being walked.
        #[test]
        fn a_cursor_resumes_only_its_own_list(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "/", "..", ".", "%2e", "%2E%2e", "\\", "items", "v1", "keys", "evil.example",
                    "@", ":", "?", "#", "after=i_1", "&", "%2f", "//", "\t", "user:pw@", ";",
                ]),
                0..10,
            ),
            noise in "\\PC{0,6}",
        ) {
            let text = format!("{}{noise}", pieces.concat());
            let client = client();
            if let Ok(cursor) = text.parse::<Cursor>()
                && let Ok(url) = cursor.to_url(&client, "/items", true)
            {
                proptest::prop_assert_eq!(url.origin(), client.base_url().origin());
                proptest::prop_assert_eq!(url.path(), "/v1/items");
                proptest::prop_assert!(url.username().is_empty() && url.password().is_none());
                proptest::prop_assert_eq!(url.fragment(), None);
            }
        }
    }

    #[test]
    fn cursors_are_paths() {
        let url = Url::parse("https://h/v1/items?limit=2&after=a").unwrap();
        let cursor = Cursor::from_url(&url);
        assert_eq!(cursor.as_str(), "/v1/items?limit=2&after=a");
        assert_eq!(cursor.path(), "/v1/items");
        assert_eq!(cursor.to_string().parse::<Cursor>().unwrap(), cursor);
        for bad in [
            "",
            "items",
            "//evil.example/items",
            "https://h/items",
            "/a#b",
            "/\\evil.example/items",
        ] {
            assert!(bad.parse::<Cursor>().is_err(), "{bad}");
        }
        let long = format!("tasks?after={}", "x".repeat(100_000));
        let err = long.parse::<Cursor>().unwrap_err().to_string();
        assert!(err.len() < 300, "{err}");
    }
}
