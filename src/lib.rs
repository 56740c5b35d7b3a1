//! Typed bindings for the [Ittybit](https://ittybit.com) media API.
//!
//! ```
//! use ittybit::wait::{Lifecycle, WaitOptions};
//! use ittybit::{Client, ListParams, NewTask, Task, TaskFilters, TaskKind, TaskStatus};
//!
//! #[tokio::main]
//! async fn main() -> ittybit::Result<()> {
//!     // A local fake of the API (`ittybit-mock`); Client::from_env() for the real one.
//!     let mock = ittybit_mock::MockServer::start().await;
//!     let client = Client::builder().api_key(mock.api_key()).base_url(mock.url()).build()?;
//!
//!     let body = NewTask::new("https://example.com/a.mp4", TaskKind::Video);
//!     let task = Task::create(&client, &body).await?;
//!     let task = Task::wait_until_done(&client, &task.id, &WaitOptions::default()).await?;
//!     println!("{} is {}", task.id, task.status);
//!
//!     let failed = TaskFilters::new().status(TaskStatus::Failed);
//!     let mut tasks = Task::stream(&client, &ListParams::new().limit(100).filters(failed));
//!     while let Some(task) = tasks.try_next().await? {
//!         println!("{} failed", task.id);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! Errors are one type, [`Error`] (its example shows a `match`), with the status, the API's
//! error kind and the request. A task's files are [`MediaFile`]s, its error a [`TaskError`],
//! times [`Timestamp`]s, and an [`Event`]'s data the task or run it reports; webhook bodies
//! decode with [`webhook`].
//!
//! The crate re-exports the runtime ([`Client`], [`Error`], [`ListParams`], [`ItemStream`], …)
//! and the [`resource`] macro for resources not shipped yet; like the shipped ones' `extra`,
//! they keep unknown fields with `#[serde(flatten)]` on a map field:
//!
//! ```
//! /// A widget that keeps unknown fields.
//! #[ittybit::resource(path = "/widgets")]
//! #[derive(Debug, serde::Serialize, serde::Deserialize)]
//! pub struct Widget {
//!     /// The widget's id.
//!     pub id: String,
//!     /// Everything else the API sent.
//!     #[serde(flatten)]
//!     pub extra: ittybit::JsonObject,
//! }
//!
//! let widget: Widget = serde_json::from_str(r#"{"id":"w_1","shape":"round"}"#).unwrap();
//! assert_eq!(widget.extra["shape"], "round");
//! ```

// Lets this crate's own resources use the macro's default `::ittybit` paths.
extern crate self as ittybit;

mod automation;
mod event;
mod file;
mod key;
mod run;
mod secret;
mod task;
mod task_error;
mod timestamp;
pub mod webhook;
mod webhook_endpoint;

pub use automation::{
    Automation, AutomationStatus, AutomationUpdate, Condition, NewAutomation, RunAutomation,
    WorkflowStep,
};
pub use event::{Event, EventData, EventFilters, EventKind};
pub use file::{AudioCodec, Codecs, FileKind, MediaFile, VideoCodec};
pub use key::{Key, NewKey};
pub use run::{NewRun, Run, RunFilters, RunStep, RunTask};
pub use secret::Secret;
pub use task::{NewTask, Task, TaskFilters, TaskKind, TaskStatus};
pub use task_error::{TaskError, TaskErrorKind};
pub use timestamp::Timestamp;
pub use webhook_endpoint::{
    NewWebhookEndpoint, WebhookEndpoint, WebhookEndpointStatus, WebhookEndpointUpdate,
};

pub use ittybit_macros::resource;
#[doc(hidden)]
pub use ittybit_runtime::{__private, ops};
pub use ittybit_runtime::{
    ApiPath, BlockingIter, Call, Client, ClientBuilder, Cursor, Error, ItemStream, ListParams,
    Order, Page, PageStream, Resource, Response, Result, error, hook, http, limit, prelude, retry,
    wait,
};

/// A JSON object, as used for `options` and `metadata`.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
