//! The runtime behind `ittybit` bindings: the client, the one error type, pages and pagination
//! streams, retries, and the API's header rules.
//!
//! On its own it calls any path of the API, decoded into any type (here JSON values), with
//! every rule applied; here against `ittybit-mock`, a local fake of the API:
//!
//! ```
//! use ittybit_runtime::{Client, ListParams};
//! use serde_json::Value;
//!
//! #[tokio::main]
//! async fn main() -> ittybit_runtime::Result<()> {
//!     let mock = ittybit_mock::MockServer::start().await; // 127.0.0.1, a free port
//!     mock.seed_tasks(ittybit_mock::TaskSeed::many(30));
//!     // Client::from_env() for the real API (ITTYBIT_API_KEY).
//!     let client = Client::builder().api_key(mock.api_key()).base_url(mock.url()).build()?;
//!
//!     // One page, with what its headers said.
//!     let page = client.path("/tasks").list::<Value>(&ListParams::unfiltered().limit(10)).await?;
//!     println!("{} tasks, more: {:?}", page.len(), page.has_more());
//!
//!     // Every item of every page, the next page fetched while you work on this one.
//!     let mut tasks = client.path("/tasks").stream::<Value>(&ListParams::unfiltered().limit(10));
//!     let (mut seen, mut failed) = (0, 0);
//!     while let Some(task) = tasks.try_next().await? {
//!         seen += 1;
//!         if task["status"] == "failed" {
//!             failed += 1;
//!         }
//!     }
//!     println!("{seen} tasks, {failed} failed");
//!     assert_eq!(seen, 30);
//!
//!     // Errors are one type, with the API's status and kind.
//!     let missing = client.path("/tasks/task_missing").get::<Value>().await.unwrap_err();
//!     assert_eq!(missing.status(), Some(ittybit_runtime::http::StatusCode::NOT_FOUND));
//!     Ok(())
//! }
//! ```
//!
//! Typed resources implement [`Resource`], usually through `#[resource]` in `ittybit`, whose
//! methods (`Task::get`, `Task::stream`, …) each call a function of [`ops`] returning a [`Call`]
//! (await it) or a stream. Without an async runtime: [`Call::wait`], [`ItemStream::blocking`].

mod blocking;
mod call;
mod client;
mod decode;
pub mod error;
mod headers;
mod hints;
pub mod hook;
pub mod limit;
pub(crate) mod link;
mod open_enum;
#[doc(hidden)]
pub mod ops;
mod page;
mod params;
mod path;
mod request;
mod resource;
pub mod retry;
mod retry_doc;
mod send;
mod stream;
mod untyped;
pub mod wait;
mod walk;

/// Cases per property test: 10,000, or `PROPTEST_CASES` (lowered by `scripts/mutants.sh`).
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
pub use client::{Client, ClientBuilder};
pub use error::{Error, Result};
pub use page::{Cursor, Page};
pub use params::{ListParams, Order};
pub use resource::Resource;
pub use stream::{ItemStream, PageStream};
pub use untyped::ApiPath;

/// The HTTP types calls and errors use, from `reqwest`.
pub mod http {
    pub use reqwest::{self, Method, StatusCode, Url, header};
}

/// What generated code and this workspace's benches use; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use reqwest::Method;
    pub use serde;

    pub use crate::__retry_doc as retry_doc;
    pub use crate::decode::field_path;
    pub use crate::hints::{IterateWithTryNextOrBlocking, NotAwaited};
    pub use crate::path::PathArgs;
    pub use crate::resource::{ListItem, NoFilters};
}

/// The `Stream` trait and its combinators (`next`, `try_collect`, …) for [`ItemStream`] etc.
pub mod prelude {
    pub use futures_core::Stream;
    pub use futures_util::{StreamExt, TryStreamExt};
}
