//! Walking a list page by page: the next URL, and checks against loops and leaving the origin.

use std::any::Any;
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher, RandomState};

use reqwest::Method;
use url::Url;

use crate::client::Client;
use crate::error::{Error, PaginationError, Result};
use crate::page::{self, NextLink, Page};
use crate::path::PathTemplate;
use crate::request::RequestSpec;
use crate::resource::ListItem;
use crate::send::RawResponse;

/// A page with its items type-erased (a `Vec<T>`), and the ids of its first and last items.
pub(crate) struct WalkedPage {
    pub(crate) url: Url,
    next: Option<NextLink>,
    has_more: Option<bool>,
    limit: Option<u32>,
    len: usize,
    ends: Option<(String, String)>,
    items: Box<dyn Any + Send>,
}

/// Decodes a list response into a [`WalkedPage`]: the only part of a walk that knows `T`.
pub(crate) type PageDecoder = fn(&RawResponse) -> Result<WalkedPage>;

impl WalkedPage {
    pub(crate) fn decode<T: ListItem>(raw: &RawResponse) -> Result<Self> {
        let page = page::decode::<T>(raw)?;
        let ends = match (page.items.first(), page.items.last()) {
            (Some(first), Some(last)) => {
                Some((first.list_id().to_string(), last.list_id().to_string()))
            }
            _ => None,
        };
        Ok(Self {
            url: page.url,
            next: page.next,
            has_more: page.has_more,
            limit: page.limit,
            len: page.items.len(),
            ends,
            items: Box::new(page.items),
        })
    }

    pub(crate) fn last_id(&self) -> Option<&str> {
        self.ends.as_ref().map(|(_, last)| last.as_str())
    }

    pub(crate) fn into_page<T: 'static>(self) -> Page<T> {
        let Ok(items) = self.items.downcast::<Vec<T>>() else {
            unreachable!("a page decoded for another item type")
        };
        Page {
            items: *items,
            url: self.url,
            next: self.next,
            has_more: self.has_more,
            limit: self.limit,
        }
    }
}

/// The state of a walk. Memory stays constant per page: visited URLs are kept as 64-bit hashes.
pub(crate) struct Walker {
    client: Client,
    template: PathTemplate,
    next: Option<Url>,
    /// An error to report after the page that revealed it has been handed out.
    pending: Option<Error>,
    visited: HashSet<u64>,
    /// A hash of the last page's length, first and last ids: a page served again under a new URL.
    previous_page: Option<u64>,
    hasher: RandomState,
    decode: PageDecoder,
}

impl Walker {
    pub(crate) fn new(
        client: Client,
        template: PathTemplate,
        start: Result<Url>,
        decode: PageDecoder,
    ) -> Self {
        let mut walker = Self {
            client,
            template,
            next: None,
            pending: None,
            visited: HashSet::new(),
            previous_page: None,
            hasher: RandomState::new(),
            decode,
        };
        match start {
            Ok(mut url) => {
                url.set_fragment(None);
                walker.visited.insert(walker.hasher.hash_one(url.as_str()));
                walker.next = Some(url);
            }
            Err(error) => walker.pending = Some(error),
        }
        walker
    }

    /// The next page, `None` once the walk is over. After an error the walk is over.
    pub(crate) async fn next_page(&mut self) -> Option<Result<WalkedPage>> {
        if let Some(error) = self.pending.take() {
            self.next = None;
            return Some(Err(error));
        }
        let url = self.next.take()?;
        let spec = RequestSpec::new(Method::GET, url, self.template);
        let page =
            match self.client.send(&spec).await.and_then(|raw| {
                (self.decode)(&raw).map_err(|error| error.without(self.client.key()))
            }) {
                Ok(page) => page,
                Err(error) => return Some(Err(error)),
            };
        // The same items again under a new URL: handing them out would duplicate them. A page
        // is known by its length and its first and last ids, so the check costs the same for
        // any page size. Items without ids (untyped ones may have none) say nothing.
        let ends = page
            .ends
            .as_ref()
            .filter(|(first, last)| !first.is_empty() && !last.is_empty());
        let fingerprint = ends.map(|(first, last)| {
            let mut hasher = self.hasher.build_hasher();
            hasher.write_usize(page.len);
            for id in [first, last] {
                // 0xff never occurs in UTF-8: a separator.
                hasher.write(id.as_bytes());
                hasher.write_u8(0xff);
            }
            hasher.finish()
        });
        if fingerprint.is_some() && fingerprint == self.previous_page {
            return Some(Err(loop_error(&page.url)));
        }
        self.previous_page = fingerprint;
        let last = page.last_id();
        let last = last.as_ref().map(|id| id as &dyn std::fmt::Display);
        match page::next_page_url(&page.url, page.next.as_ref(), page.has_more, last)
            .and_then(|next| self.check(&page.url, next))
        {
            Ok(next) => self.next = next,
            Err(error) => self.pending = Some(error),
        }
        Some(Ok(page))
    }

    /// Refuses a next URL on another origin, with credentials, already visited (fragments
    /// ignored), or whose `after` cursor does not advance past the current page's.
    fn check(&mut self, current: &Url, next: Option<Url>) -> Result<Option<Url>> {
        let Some(mut next) = next else {
            return Ok(None);
        };
        next.set_fragment(None);
        let base = self.client.base_url().origin();
        if next.origin() != base {
            return Err(Error::from(PaginationError::CrossOrigin {
                link_origin: next.origin().ascii_serialization(),
                base_origin: base.ascii_serialization(),
            }));
        }
        if !next.username().is_empty() || next.password().is_some() {
            return Err(Error::from(PaginationError::Credentials {
                link_origin: next.origin().ascii_serialization(),
            }));
        }
        let stuck = after(&next).is_some_and(|cursor| Some(&cursor) == after(current).as_ref());
        if stuck || !self.visited.insert(self.hasher.hash_one(next.as_str())) {
            return Err(loop_error(&next));
        }
        Ok(Some(next))
    }
}

fn after(url: &Url) -> Option<std::borrow::Cow<'_, str>> {
    url.query_pairs()
        .find(|(name, _)| name == "after")
        .map(|(_, value)| value)
}

fn loop_error(url: &Url) -> Error {
    Error::from(PaginationError::Loop {
        url: page::path_and_query(url).to_owned(),
    })
}
