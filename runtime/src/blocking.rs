//! Blocking calls, run on one shared background runtime (one worker thread, started on first
//! use) so prefetch goes on while the caller is busy. Use a client async or here, not both at once.

use std::future::Future;
use std::sync::OnceLock;

use futures_core::Stream;
use futures_util::StreamExt;

use crate::call::Call;
use crate::error::{Error, Result};

fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> =
        OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("ittybit-blocking")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("could not start the blocking runtime: {e}").into()))
}

fn block_on<F: Future>(future: F) -> Result<F::Output> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::InvalidRequest(
            "a blocking call was made inside an async runtime; .await the call instead".into(),
        ));
    }
    Ok(runtime()?.block_on(future))
}

impl<T: Send + 'static> Call<T> {
    /// Sends the request and blocks until the decoded value arrives.
    ///
    /// ```no_run
    /// # use ittybit_runtime::{Call, Result};
    /// # fn demo(call: Call<String>) -> Result<()> {
    /// let value = call.wait()?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As awaiting the call, or [`Error::InvalidRequest`] inside an async runtime (it would stall).
    pub fn wait(self) -> Result<T> {
        block_on(std::future::IntoFuture::into_future(self))?
    }
}

/// A blocking iterator over a page or item stream. Yields an error at most once, then ends.
#[derive(Debug)]
#[must_use = "iterators do nothing unless iterated"]
pub struct BlockingIter<S> {
    stream: S,
    done: bool,
}

impl<S> BlockingIter<S> {
    pub(crate) fn new(stream: S) -> Self {
        Self {
            stream,
            done: false,
        }
    }

    crate::client::getters! {
        /// The stream, for example to read its cursor after an error.
        stream(&self) -> &S = &self.stream;
    }
}

impl<S, T> Iterator for BlockingIter<S>
where
    S: Stream<Item = Result<T>> + Unpin,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.done {
            return None;
        }
        match block_on(self.stream.next()) {
            Ok(Some(Ok(item))) => Some(Ok(item)),
            Ok(None) => {
                self.done = true;
                None
            }
            Ok(Some(Err(error))) | Err(error) => {
                self.done = true;
                Some(Err(error))
            }
        }
    }
}
