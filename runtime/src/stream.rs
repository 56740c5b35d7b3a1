//! Streams over every page, and every item, of a list, with bounded prefetch.

use std::fmt::{self, Write as _};
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::Stream;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use tokio::sync::mpsc;
use url::Url;

use crate::client::Client;
use crate::error::{Error, PaginationError, Result};
use crate::page::{self, Cursor, Page};
use crate::path::PathTemplate;
use crate::resource::{ListItem, Resource};
use crate::walk::{WalkedPage, Walker};

/// Every page of a list, in order: [`ItemStream`]'s walk a page at a time. With prefetch depth
/// `d > 0` (in a tokio runtime) a task fetches up to `d` pages ahead (memory: `d + 1` pages).
/// Dropping the stream stops it, its panic resumes in the consumer, and its stop before the
/// end is an [`Error::Pagination`](crate::Error::Pagination), never the end of the list.
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<T> {
    walk: Walk,
    item: PhantomData<fn() -> T>,
}

/// A walk and where it stands, compiled once for every item type.
struct Walk {
    state: State,
    position: Position,
}

enum State {
    NotStarted {
        walker: Box<Walker>,
        depth: usize,
    },
    Inline(BoxStream<'static, Result<WalkedPage>>),
    Prefetch {
        pages: mpsc::Receiver<Result<WalkedPage>>,
        task: AbortOnDrop,
    },
    Done,
}

/// The last page's URL and the last item handed out, for [`Cursor`]s.
#[derive(Debug, Clone)]
struct Position {
    url: Option<Url>,
    last_id: String,
}

impl Position {
    /// A cursor after item `last_id` of the current page (its start when `last_id` is empty).
    fn cursor_after(&self, last_id: &str) -> Option<Cursor> {
        let url = self.url.as_ref()?;
        Some(if last_id.is_empty() {
            Cursor::from_url(url)
        } else {
            Cursor::from_url(&page::with_after(url, last_id))
        })
    }
}

// Nothing in the streams is pinned structurally.
impl<T> Unpin for PageStream<T> {}
impl<T> Unpin for ItemStream<T> {}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T: Resource> PageStream<T> {
    /// Resumes a walk from a saved [`Cursor`], which must address exactly `T`'s list under the
    /// client's base URL once normalised; otherwise the first item is an error, nothing sent.
    pub fn resume(client: &Client, cursor: &Cursor) -> Self {
        Self::start(
            client,
            PathTemplate::collection(T::PATH),
            cursor.to_url(client, T::PATH, true),
        )
    }
}

impl<T: ListItem> PageStream<T> {
    pub(crate) fn start(client: &Client, template: PathTemplate, start: Result<Url>) -> Self {
        let position = Position {
            url: start.as_ref().ok().cloned(),
            last_id: String::new(),
        };
        let walker = Walker::new(client.clone(), template, start, WalkedPage::decode::<T>);
        let state = State::NotStarted {
            walker: Box::new(walker),
            depth: client.prefetch(),
        };
        Self {
            walk: Walk { state, position },
            item: PhantomData,
        }
    }

    /// Pages fetched ahead (0: none; at most [`crate::Client::MAX_PREFETCH`]); set before polling.
    pub fn prefetch(mut self, pages: usize) -> Self {
        if let State::NotStarted { depth, .. } = &mut self.walk.state {
            *depth = pages.min(crate::Client::MAX_PREFETCH);
        }
        self
    }

    crate::client::getters! {
        /// A cursor resuming after the last page handed out; `None` only if the walk never started.
        cursor(&self) -> Option<Cursor> =
            self.walk.position.cursor_after(&self.walk.position.last_id);
    }

    /// The next page, `Ok(None)` at the end.
    ///
    /// # Errors
    /// The error that ended the walk; the stream then ends.
    pub async fn try_next(&mut self) -> Result<Option<Page<T>>> {
        self.next().await.transpose()
    }

    /// A blocking iterator over the pages, for programs without an async runtime.
    pub fn blocking(self) -> crate::blocking::BlockingIter<Self> {
        crate::blocking::BlockingIter::new(self)
    }
}

impl Walk {
    /// Starts the walk on the first poll: with prefetch inside a tokio runtime, inline without.
    fn begin(&mut self) {
        if !matches!(self.state, State::NotStarted { .. }) {
            return;
        }
        let State::NotStarted { walker, depth } = std::mem::replace(&mut self.state, State::Done)
        else {
            return;
        };
        self.state = match tokio::runtime::Handle::try_current() {
            Ok(runtime) if depth > 0 => {
                let (sender, pages) = mpsc::channel(depth);
                let task = runtime.spawn(produce(*walker, sender));
                State::Prefetch {
                    pages,
                    task: AbortOnDrop(task),
                }
            }
            _ => State::Inline(
                futures_util::stream::unfold(walker, |mut walker| async move {
                    let page = walker.next_page().await?;
                    Some((page, walker))
                })
                .boxed(),
            ),
        };
    }

    /// The next page of the walk, its items still type-erased.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<WalkedPage>>> {
        self.begin();
        let next = match &mut self.state {
            State::Inline(pages) => ready!(pages.poll_next_unpin(cx)),
            State::Prefetch { pages, task } => match ready!(pages.poll_recv(cx)) {
                Some(page) => Some(page),
                // The task hung up: at the end of the list, or because it panicked or was
                // cancelled before the end.
                None => match ready!(Pin::new(&mut task.0).poll(cx)) {
                    Ok(()) => None,
                    Err(stopped) => {
                        self.state = State::Done;
                        match stopped.try_into_panic() {
                            Ok(panic) => std::panic::resume_unwind(panic),
                            Err(_) => Some(Err(Error::from(PaginationError::Interrupted {
                                url: self.position.url.as_ref().map_or_else(String::new, |url| {
                                    page::path_and_query(url).to_owned()
                                }),
                            }))),
                        }
                    }
                },
            },
            // `begin` has replaced `NotStarted`.
            State::NotStarted { .. } | State::Done => None,
        };
        match &next {
            Some(Ok(page)) => {
                self.position.url = Some(page.url.clone());
                page.last_id()
                    .unwrap_or_default()
                    .clone_into(&mut self.position.last_id);
            }
            Some(Err(_)) | None => self.state = State::Done,
        }
        Poll::Ready(next)
    }
}

impl<T: ListItem> Stream for PageStream<T> {
    type Item = Result<Page<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.walk
            .poll_page(cx)
            .map(|next| next.map(|page| page.map(WalkedPage::into_page)))
    }
}

/// The prefetch task: a permit is reserved before each fetch, so at most `depth` pages wait.
async fn produce(mut walker: Walker, sender: mpsc::Sender<Result<WalkedPage>>) {
    while let Ok(permit) = sender.reserve().await {
        let Some(page) = walker.next_page().await else {
            return;
        };
        permit.send(page);
    }
}

impl<T> fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.walk.state {
            State::NotStarted { .. } => "not started",
            State::Inline(_) => "walking",
            State::Prefetch { .. } => "walking with prefetch",
            State::Done => "done",
        };
        f.debug_struct("PageStream")
            .field("state", &state)
            .field("position", &self.walk.position)
            .finish()
    }
}

/// Every item of a list, across all pages. The walk follows the API's rules:
/// - `Has-More: false` ends the walk; else a `rel="next"` link (resolved against the request
///   URL) is followed, or without one `after=<last item's id>` (none is an error), same params;
/// - an empty page claiming more, a URL already visited, an `after` that does not advance, or a
///   page repeating the last one's items is an [`Error::Pagination`](crate::Error::Pagination),
///   never a loop or an item handed out twice;
/// - a link to another origin, or with credentials, is refused: the key never leaves the API;
/// - each page is one call, retried by the client's policy within its budget and body limit.
///
/// An error is yielded once and ends the stream; resume later from [`cursor`](Self::cursor).
///
/// ```no_run
/// # use ittybit_runtime::{ItemStream, Resource, Result};
/// # async fn walk<T: Resource>(mut items: ItemStream<T>) -> Result<()> {
/// while let Some(item) = items.try_next().await? {
///     println!("{}", item.id());
/// }
/// # Ok(()) }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct ItemStream<T> {
    pages: PageStream<T>,
    items: std::vec::IntoIter<T>,
    /// The id of the last item handed out from the current page (empty before the first).
    last_id: String,
}

impl<T: Resource> ItemStream<T> {
    /// Resumes a walk from a saved [`Cursor`].
    pub fn resume(client: &Client, cursor: &Cursor) -> Self {
        Self::over(PageStream::resume(client, cursor))
    }
}

impl<T: ListItem> ItemStream<T> {
    pub(crate) fn over(pages: PageStream<T>) -> Self {
        Self {
            pages,
            items: Vec::new().into_iter(),
            last_id: String::new(),
        }
    }

    /// As [`PageStream::prefetch`].
    pub fn prefetch(mut self, pages: usize) -> Self {
        self.pages = self.pages.prefetch(pages);
        self
    }

    crate::client::getters! {
        /// A cursor resuming right after the last item handed out (the page stream's: after the
        /// current page); `None` only if the walk never started.
        cursor(&self) -> Option<Cursor> = self.pages.walk.position.cursor_after(&self.last_id);
    }

    /// The next item, `Ok(None)` at the end.
    ///
    /// # Errors
    /// The error that ended the walk; the stream then ends.
    pub fn try_next(&mut self) -> impl Future<Output = Result<Option<T>>> + '_ {
        // Not `StreamExt::next`: each layer of futures would copy the (large) item once more.
        std::future::poll_fn(|cx| self.poll_item(cx))
    }

    #[inline]
    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<T>>> {
        loop {
            if let Some(item) = self.items.next() {
                self.last_id.clear();
                // Writing to a `String` cannot fail.
                let _ = write!(self.last_id, "{}", item.list_id());
                return Poll::Ready(Ok(Some(item)));
            }
            match ready!(self.pages.poll_next_unpin(cx)) {
                Some(Ok(page)) => {
                    self.last_id.clear();
                    self.items = page.items.into_iter();
                }
                Some(Err(error)) => return Poll::Ready(Err(error)),
                None => return Poll::Ready(Ok(None)),
            }
        }
    }

    /// A blocking iterator over the items, for programs without an async runtime.
    ///
    /// ```no_run
    /// # use ittybit_runtime::{ItemStream, Resource, Result};
    /// # fn walk<T: Resource>(items: ItemStream<T>) -> Result<()> {
    /// for item in items.blocking() {
    ///     println!("{}", item?.id());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn blocking(self) -> crate::blocking::BlockingIter<Self> {
        crate::blocking::BlockingIter::new(self)
    }
}

impl<T: ListItem> Stream for ItemStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_item(cx).map(Result::transpose)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.items.len(), None)
    }
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .field("buffered", &self.items.len())
            .finish_non_exhaustive()
    }
}
