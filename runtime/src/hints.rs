//! Hints where rustc alone gives a generic message.
//!
//! **`for item in stream`.** The streams implement `Iterator` under a bound that never holds,
//! whose `#[diagnostic::on_unimplemented]` says what to write instead. The bound is on the item
//! type: a failed bound on the stream type itself would be reported as a generic "is not an
//! iterator" (and an `IntoIterator` impl would compete with std's blanket one).
//!
//! **`call.field`.** rustc does not offer `.await` for a field of a named future whose output is
//! a `Result`, but lists the fields reachable through `Deref`: [`Call`] dereferences to
//! [`NotAwaited`], whose one field's name is the advice.

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

/// What a [`Call`] dereferences to: a hint that rustc lists when a field is read on a call that
/// was not awaited (`Task::get(&client, id).status`).
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
