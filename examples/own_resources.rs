//! Your own resources, end to end: a nested collection, a singleton and numbered ids, each
//! declared with `#[ittybit::resource]` and served by the embedded mock.
//!
//! ```text
//! cargo run --example own_resources
//! ```
//!
//! The mock is told the path templates and their objects (`MockResource`; the binary reads the
//! same from a JSON file with `--resources FILE`) and serves them with the API's rules: cursor
//! pagination with `Link` and `Has-More`, `{kind, message}` errors, authentication, and here a
//! `429` on every third request, which the client waits out and retries.

use ittybit::{Client, ListParams, Order};
use ittybit_mock::{Fault, FaultSchedule, MockConfig, MockResource, MockServer, RetryAfter};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A widget: the parent collection, `GET /widgets` and `GET /widgets/{id}`.
#[ittybit::resource(path = "/widgets", filters = WidgetFilters)]
#[derive(Debug, Deserialize)]
pub struct Widget {
    /// Its id.
    pub id: String,
    /// Its colour.
    pub colour: String,
}

/// Filters for `GET /widgets`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WidgetFilters {
    /// Only widgets of this colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

/// A part of a widget: a collection nested under its widget. Every method takes the widget's
/// id first.
#[ittybit::resource(path = "/widgets/{widget_id}/parts")]
#[derive(Debug, Deserialize)]
pub struct Part {
    /// Its id.
    pub id: String,
    /// The widget it belongs to.
    pub widget_id: String,
    /// What it is.
    pub name: String,
}

/// The account of the key in use: one of it, no id, no list.
#[ittybit::resource(path = "/account", singleton)]
#[derive(Debug, Deserialize)]
pub struct Account {
    /// Its name.
    pub name: String,
    /// Its plan.
    pub plan: String,
}

/// A counter, numbered rather than named.
#[ittybit::resource(path = "/counters")]
#[derive(Debug, Deserialize)]
pub struct Counter {
    /// Its number.
    pub id: u64,
    /// Its value.
    pub value: i64,
}

/// The mock's configuration: two widgets, 25 parts of the first, the account, 45 counters, and
/// a `429` (retry at once) on every third request.
///
/// # Errors
///
/// If a resource were invalid.
pub fn mock_config() -> Result<MockConfig, ittybit_mock::ResourceError> {
    let widgets = MockResource::collection(
        "/widgets",
        [
            json!({"id": "w_1", "colour": "red"}),
            json!({"id": "w_2", "colour": "blue"}),
        ],
    )?
    .filter("colour");
    let parts = (1..=25).map(
        |n| json!({"id": format!("part_{n:02}"), "widget_id": "w_1", "name": format!("gear {n}")}),
    );
    let parts = MockResource::collection("/widgets/{widget_id}/parts", parts)?;
    let account = MockResource::singleton("/account", json!({"name": "Acme", "plan": "pro"}))?;
    let counters = (1..=45_i64).map(|n| json!({"id": n, "value": n * n}));
    let counters = MockResource::collection("/counters", counters)?;
    let every_third = Fault::RateLimited {
        retry_after: RetryAfter::Seconds(0),
    };
    Ok(MockConfig::default()
        .resource(widgets)
        .resource(parts)
        .resource(account)
        .resource(counters)
        .fault(FaultSchedule::every(3), every_third))
}

/// Walks every resource and returns what it saw, one line each.
///
/// # Errors
///
/// If a call fails (other than the one expected to).
pub async fn tour(mock: &MockServer) -> ittybit::Result<Vec<String>> {
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .build()?;
    let mut seen = Vec::new();

    // A singleton: `GET /account`.
    let account = Account::get(&client).await?;
    seen.push(format!("account: {} on {}", account.name, account.plan));

    // A filtered list of the parent collection.
    let red = WidgetFilters {
        colour: Some("red".into()),
    };
    let widgets = Widget::list(&client, &ListParams::new().filters(red)).await?;
    let ids: Vec<&str> = widgets.iter().map(|widget| widget.id.as_str()).collect();
    seen.push(format!("red widgets: {ids:?}"));

    // A nested collection, page by page: the second page comes from the `Link` header.
    let params = ListParams::new().limit(10).order(Order::Asc);
    let mut pages = Part::pages(&client, "w_1", &params);
    while let Some(page) = pages.try_next().await? {
        let (Some(first), Some(last)) = (page.items().first(), page.items().last()) else {
            continue;
        };
        seen.push(format!(
            "parts of {}: {} to {} ({} items, has more: {:?})",
            first.widget_id,
            first.id,
            last.id,
            page.len(),
            page.has_more()
        ));
    }
    let part = Part::get(&client, "w_1", "part_07").await?;
    seen.push(format!("part_07 is {:?}", part.name));

    // Numbered ids: `GET /counters/7`, and every counter across three pages.
    let counter = Counter::get(&client, 7_u64).await?;
    seen.push(format!("counter {} is {}", counter.id, counter.value));
    let mut counters = Counter::stream(&client, &ListParams::new().limit(20));
    let (mut count, mut total) = (0, 0);
    while let Some(counter) = counters.try_next().await? {
        count += 1;
        total += counter.value;
    }
    seen.push(format!("{count} counters, values adding up to {total}"));

    // An error, typed: the parent does not exist.
    match Part::list(&client, "w_9", &ListParams::new()).await {
        Ok(page) => seen.push(format!("unexpected: {} parts of w_9", page.len())),
        Err(err) => seen.push(format!(
            "w_9: {:?} {}",
            err.status().map(|status| status.as_u16()),
            err.api_kind().map_or("", |kind| kind.as_str())
        )),
    }
    seen.push(format!(
        "429s the client waited out: {}",
        mock.stats().faulted
    ));
    Ok(seen)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start_with(mock_config()?).await;
    for line in tour(&mock).await? {
        println!("{line}");
    }
    Ok(())
}
