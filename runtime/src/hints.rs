//! Hints where rustc alone gives a generic message.
//!
//! **`for item in stream`.** The streams implement `Iterator` under a never-holding bound on the
//! item type whose `#[diagnostic::on_unimplemented]` says what to write (one on the stream type
//! would read "is not an iterator"; an `IntoIterator` impl would clash with std's blanket one).
//!
//! **`call.field`.** rustc offers no `.await` for a field of a named future's `Result`, but lists
//! fields reached through `Deref`: [`Call`] derefs to [`NotAwaited`], its field name advises.

use std::ops::Deref;

use crate::call::Call;
use crate::error::Result;
use crate::page::Page;
use crate::resource::ListItem;
use crate::stream::{ItemStream, PageStream};

mod sealed {
    pub trait Never {}
}

/// Implemented by no type: the message of a `for` loop over a stream `S` of such items.
#[diagnostic::on_unimplemented(
    message = "`{S}` is an async stream, not an iterator",
    label = "cannot be iterated with `for`",
    note = "in async code: `while let Some(item) = stream.try_next().await? {{ … }}`",
    note = "without an async runtime: `for item in stream.blocking() {{ let item = item?; … }}`"
)]
pub trait IterateWithTryNextOrBlocking<S>: sealed::Never {}

#[doc(hidden)]
impl<T> Iterator for ItemStream<T>
where
    T: ListItem + IterateWithTryNextOrBlocking<Self>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        unreachable!("no type implements IterateWithTryNextOrBlocking")
    }
}

#[doc(hidden)]
impl<T> Iterator for PageStream<T>
where
    T: ListItem + IterateWithTryNextOrBlocking<Self>,
{
    type Item = Result<Page<T>>;

    fn next(&mut self) -> Option<Self::Item> {
        unreachable!("no type implements IterateWithTryNextOrBlocking")
    }
}

/// What a [`Call`] dereferences to: a hint rustc lists for a field read on an unawaited call.
#[derive(Debug)]
#[non_exhaustive]
pub struct NotAwaited {
    /// Its name is the hint: the response is read by awaiting the call
    /// (`Task::get(&client, id).await?.status`).
    pub await_the_call_to_read_its_response: (),
}

static NOT_AWAITED: NotAwaited = NotAwaited {
    await_the_call_to_read_its_response: (),
};

#[doc(hidden)]
impl<T> Deref for Call<T> {
    type Target = NotAwaited;

    fn deref(&self) -> &NotAwaited {
        &NOT_AWAITED
    }
}
