//! Hints where the compiler alone would give a generic message: iterating an async stream.
//!
//! `for item in stream` finds an `IntoIterator` impl whose bound can never hold. rustc then
//! points at the impl and names the bound, `IterateWithTryNextOrBlocking`, which says what to
//! write instead; where rustc reports the bound itself, its message says it in full.

use crate::blocking::BlockingIter;
use crate::error::Result;
use crate::page::Page;
use crate::resource::ListItem;
use crate::stream::{ItemStream, PageStream};

mod sealed {
    pub trait Never {}
}

/// Not implemented by any type: it only carries the message of a mistaken `for` loop over a
/// stream.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is an async stream, not an iterator",
    label = "cannot be iterated with `for` directly",
    note = "in async code: `while let Some(item) = stream.try_next().await? {{ … }}`",
    note = "without an async runtime: `for item in stream.blocking() {{ let item = item?; … }}`"
)]
pub trait IterateWithTryNextOrBlocking: sealed::Never {}

impl<T: ListItem> IntoIterator for ItemStream<T>
where
    Self: IterateWithTryNextOrBlocking,
{
    type Item = Result<T>;
    type IntoIter = BlockingIter<Self>;

    fn into_iter(self) -> Self::IntoIter {
        self.blocking()
    }
}

impl<T: ListItem> IntoIterator for PageStream<T>
where
    Self: IterateWithTryNextOrBlocking,
{
    type Item = Result<Page<T>>;
    type IntoIter = BlockingIter<Self>;

    fn into_iter(self) -> Self::IntoIter {
        self.blocking()
    }
}
