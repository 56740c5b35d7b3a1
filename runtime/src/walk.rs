//! Walking a list page by page: which URL comes next, and the checks that keep a walk from
//! looping or sending the key to another origin.

use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::marker::PhantomData;

use reqwest::Method;
use url::Url;

use crate::client::Client;
use crate::error::{Error, PaginationError, Result};
use crate::page::{self, Page};
use crate::request::{PathTemplate, RequestSpec};
use crate::resource::ListItem;

/// The state of a walk. Memory stays constant per page: visited URLs are kept as 64-bit hashes.
pub(crate) struct Walker<T> {
    client: Client,
    /// The list's path template, for tracing.
    template: PathTemplate,
    next: Option<Url>,
    /// An error to report after the page that revealed it has been handed out.
    pending: Option<Error>,
    visited: HashSet<u64>,
    /// The hash of the previous page's length and first and last ids, to catch a page served
    /// again under a new URL.
    previous_page: Option<u64>,
    hasher: RandomState,
    item: PhantomData<fn() -> T>,
}

impl<T: ListItem> Walker<T> {
    pub(crate) fn new(client: Client, template: PathTemplate, start: Result<Url>) -> Self {
        let start = start.map(|mut url| {
            url.set_fragment(None);
            url
        });
        let mut walker = Self {
            client,
            template,
            next: None,
            pending: None,
            visited: HashSet::new(),
            previous_page: None,
            hasher: RandomState::new(),
            item: PhantomData,
        };
        match start {
            Ok(url) => {
                walker.visited.insert(walker.hasher.hash_one(url.as_str()));
                walker.next = Some(url);
            }
            Err(error) => walker.pending = Some(error),
        }
        walker
    }

    /// The next page, `None` once the walk is over. After an error the walk is over.
    pub(crate) async fn next_page(&mut self) -> Option<Result<Page<T>>> {
        if let Some(error) = self.pending.take() {
            self.next = None;
            return Some(Err(error));
        }
        let url = self.next.take()?;
        let page = match fetch::<T>(&self.client, self.template, url).await {
            Ok(page) => page,
            Err(error) => return Some(Err(error)),
        };
        // The same items again under a new URL: handing them out would duplicate them. A page
        // is known by its length and its first and last ids, so the check costs the same for
        // any page size. Items without ids (untyped ones may have none) say nothing.
        let fingerprint = match (page.items.first(), page.items.last()) {
            (Some(first), Some(last)) => {
                let mut hasher = self.hasher.build_hasher();
                hasher.write_usize(page.items.len());
                let mut known = true;
                for item in [first, last] {
                    let mut writer = HashWriter(&mut hasher, 0);
                    // Writing to a hasher cannot fail; 0xff never occurs in UTF-8: a separator.
                    let _ = write!(writer, "{}", item.list_id());
                    known &= writer.1 > 0;
                    hasher.write_u8(0xff);
                }
                known.then(|| hasher.finish())
            }
            _ => None,
        };
        if fingerprint.is_some() && fingerprint == self.previous_page {
            return Some(Err(loop_error(&page.url)));
        }
        self.previous_page = fingerprint;
        match page
            .next_page_url()
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

/// Feeds displayed text to a hasher without building a `String`, counting its bytes.
struct HashWriter<'a, H>(&'a mut H, usize);

impl<H: Hasher> fmt::Write for HashWriter<'_, H> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.write(text.as_bytes());
        self.1 = self.1.saturating_add(text.len());
        Ok(())
    }
}

/// The `after` cursor of a list URL.
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

/// Fetches and decodes one page.
pub(crate) async fn fetch<T: ListItem>(
    client: &Client,
    template: PathTemplate,
    url: Url,
) -> Result<Page<T>> {
    let spec = RequestSpec::new(Method::GET, url, template);
    let raw = client.send(&spec).await?;
    page::decode(&raw).map_err(|error| error.without(client.key()))
}
