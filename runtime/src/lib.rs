//! The runtime behind `ittybit` bindings: the client, the one error type, pages and pagination
//! streams, retries, and the API's header rules.
//!
//! Resource types implement [`Resource`] (usually through `#[resource]`), and every operation
//! is a generic function in [`ops`] returning a [`Call`] (await it) or a stream:
//!
//! ```no_run
//! use ittybit_runtime::{Client, ListParams, NoFilters, Resource, ops};
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Widget {
//!     id: String,
//! }
//!
//! impl Resource for Widget {
//!     const PATH: &'static str = "/widgets";
//!     type Filters = NoFilters;
//!     type Id = str;
//!     fn id(&self) -> &str {
//!         &self.id
//!     }
//! }
//!
//! # async fn run() -> ittybit_runtime::Result<()> {
//! let client = Client::from_env()?;
//! let widget: Widget = ops::get(&client, &[&"widget_123"]).await?;
//! let mut all = ops::stream::<Widget>(&client, &[], &ListParams::new().limit(100));
//! while let Some(widget) = all.try_next().await? {
//!     println!("{widget:?}");
//! }
//! # Ok(()) }
//! ```
//!
//! Programs without an async runtime use [`Call::wait`] and [`ItemStream::blocking`].

mod blocking;
mod call;
mod client;
mod decode;
mod error;
mod headers;
mod hints;
mod hook;
pub mod limit;
pub mod link;
mod open_enum;
pub mod ops;
mod page;
mod params;
mod path;
mod request;
mod resource;
mod retry;
mod retry_doc;
mod send;
mod stream;
mod untyped;
pub mod wait;
mod walk;

/// The cases each property test tries: 10,000, or `PROPTEST_CASES` when it is set
/// (`scripts/mutants.sh` lowers it so that each mutant's run stays short).
#[cfg(test)]
fn property_config() -> proptest::prelude::ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(10_000);
    proptest::prelude::ProptestConfig::with_cases(cases)
}

pub use blocking::BlockingIter;
pub use call::{Call, Response};
pub use client::{
    API_KEY_ENV, BASE_URL_ENV, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_BODY_SIZE,
    MAX_PREFETCH, USER_AGENT,
};
pub use error::{
    ApiError, ApiErrorKind, BodyTooLargeError, Budget, DeadlineError, DecodeError,
    ERROR_BODY_LIMIT, EXCERPT_LEN, Error, ErrorResponse, LimiterError, PaginationError,
    RequestInfo, Result, StatusError, TransportError, UnexpectedBody,
};
pub use hints::IterateWithTryNextOrBlocking;
pub use hook::{AttemptRequest, AttemptResponse, Hook};
pub use page::{Cursor, Page};
pub use params::{ListParams, MAX_LIMIT, Order};
pub use path::PathArgs;
pub use request::MAX_ID_LEN;
pub use resource::{ListItem, NoFilters, Resource};
pub use retry::RetryPolicy;
pub use stream::{ItemStream, PageStream};
pub use wait::{Lifecycle, WaitOptions};

pub use futures_core::Stream;
pub use reqwest::{self, Method, StatusCode, Url, header};

#[doc(hidden)]
pub mod __private {
    pub use serde;

    pub use crate::__retry_doc as retry_doc;
}

/// Stream combinators (`next`, `try_next`, `try_collect`, …) for [`ItemStream`] and
/// [`PageStream`].
pub mod prelude {
    pub use futures_util::{StreamExt, TryStreamExt};
}
