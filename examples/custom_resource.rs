//! Defining a resource with `#[resource]` on your own struct.
//!
//! ```text
//! cargo run --example custom_resource
//! ```
//!
//! `TaskSummary` reads `/tasks` with only the fields this program needs, and its own filter
//! type. The same works for endpoints this crate does not ship yet: point `path` at them.
//! Runs against an embedded `ittybit-mock`.

use ittybit::{Client, ListParams, Order, resource};
use ittybit_mock::{MockServer, TaskSeed};
use serde::{Deserialize, Serialize};

/// Just enough of a task to report on it.
#[resource(path = "/tasks", filters = SummaryFilters)]
#[derive(Debug, Deserialize)]
pub struct TaskSummary {
    /// The task id.
    pub id: String,
    /// The status, as text.
    pub status: String,
    /// The kind, as text.
    pub kind: String,
}

/// The filters `GET /tasks` takes that this program uses.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SummaryFilters {
    /// Only tasks of this kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

#[tokio::main]
async fn main() -> ittybit::Result<()> {
    let mock = MockServer::start().await;
    let ids = mock.seed_tasks(TaskSeed::many(60));
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .build()?;

    // get: one item.
    let first = TaskSummary::get(&client, &ids[0]).await?;
    println!(
        "get:    {} is a {} task, {}",
        first.id, first.kind, first.status
    );

    // list: one page, with what its headers said.
    let params = ListParams::new()
        .limit(25)
        .order(Order::Asc)
        .filters(SummaryFilters {
            kind: Some("video".into()),
        });
    let page = TaskSummary::list(&client, &params).await?;
    println!(
        "list:   {} video tasks on the first page, has more: {:?}",
        page.len(),
        page.has_more()
    );

    // pages: every page; stream: every item.
    let mut pages = TaskSummary::pages(&client, &params);
    let mut sizes = Vec::new();
    while let Some(page) = pages.try_next().await? {
        sizes.push(page.len());
    }
    println!("pages:  {sizes:?}");
    let mut all = TaskSummary::stream(&client, &ListParams::new().limit(100));
    let mut count = 0;
    while let Some(_task) = all.try_next().await? {
        count += 1;
    }
    println!("stream: {count} tasks in all");
    Ok(())
}
