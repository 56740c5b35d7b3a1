//! Hints where the compiler alone would give a generic message: iterating an async stream with
//! `for`, and reading a field of a call that was not awaited.
//!
//! **`for item in stream`.** The streams implement `Iterator` under a bound that never holds,
//! `T: IterateWithTryNextOrBlocking<Stream>`, whose `#[diagnostic::on_unimplemented]` says what
//! to write instead. The bound is on the item type, not on the stream: rustc reports a failed
//! bound of the same type as the `IntoIterator` the loop asked for as that generic "is not an
//! iterator", and reports another type's bound with its own message. (An `IntoIterator` impl
//! would compete with std's blanket one over `Iterator`, and rustc would report neither bound.)
//! The bound never holding, method calls such as `StreamExt::next` are never ambiguous.
//!
//! **`call.field`.** rustc offers `.await` only for a field of an `impl Future` whose output
//! has the field, never for a named future like [`Call`] whose output is a `Result`. A field
//! that is not found is looked up through `Deref`, and rustc then lists the fields it could
//! reach: `Call` dereferences to [`NotAwaited`], whose one field's name is the advice.

use std::ops::Deref;

use crate::call::Call;
use crate::error::Result;
use crate::page::Page;
use crate::resource::ListItem;
use crate::stream::{ItemStream, PageStream};

mod sealed {
    pub trait Never {}
}

/// Not implemented by any type: it only carries the message of a mistaken `for` loop over a
/// stream `S` of items of the implementing type.
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

/// What a [`Call`] dereferences to: nothing but a hint. Reading a field of a call that was not
/// awaited (`Task::get(&client, id).status`) fails with "no field `status` on type
/// `Call<Task>`", and rustc's note lists this type's one field as the only one available.
#[derive(Debug)]
#[non_exhaustive]
pub struct NotAwaited {
    /// Its name is the hint: the response is read by awaiting the call
    /// (`Task::get(&client, id).await?.status`).
    pub await_the_call_to_read_its_response: (),
}

/// The one value of [`NotAwaited`].
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
