//! The walks compared: the generated `Task::stream` and `Task::pages`, a downstream
//! three-field resource's `stream`, and the loop an expert writes by hand with one
//! `reqwest::Client`, `serde_json` and a plain struct of their own (`PlainTask`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use ittybit::{Client, ItemStream, ListParams, Resource, Task};
use reqwest::header::{AUTHORIZATION, HeaderMap, LINK};

use super::plain::{PlainTask, TaskBrief};

/// Items per page in every walk.
pub(crate) const LIMIT: u32 = 100;

/// What the consumer does with the items: look at each one and, after every `LIMIT` of them
/// (one page), work for `work_per_page` (an async sleep).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Consumer {
    pub(crate) work_per_page: Duration,
}

impl Consumer {
    pub(crate) const IDLE: Self = Self {
        work_per_page: Duration::ZERO,
    };

    async fn work(self) {
        if !self.work_per_page.is_zero() {
            tokio::time::sleep(self.work_per_page).await;
        }
    }
}

/// The generated client: `Task::stream` at `limit=100`, with `prefetch` pages fetched ahead
/// (`None`: the client's default). Returns the items seen and the time taken.
pub(crate) async fn generated(
    client: &Client,
    prefetch: Option<usize>,
    consumer: Consumer,
) -> (usize, Duration) {
    let started = Instant::now();
    let tasks = Task::stream(client, &ListParams::new().limit(LIMIT));
    let seen = drain(tasks, prefetch, consumer).await;
    (seen, started.elapsed())
}

/// The downstream three-field resource: `TaskBrief::stream` at `limit=100`.
pub(crate) async fn brief(
    client: &Client,
    prefetch: Option<usize>,
    consumer: Consumer,
) -> (usize, Duration) {
    let started = Instant::now();
    let tasks = TaskBrief::stream(client, &ListParams::new().limit(LIMIT));
    let seen = drain(tasks, prefetch, consumer).await;
    (seen, started.elapsed())
}

/// Reads every item of `items` (after setting its prefetch depth), working after each page's
/// worth; returns how many there were.
async fn drain<T: Resource>(
    mut items: ItemStream<T>,
    prefetch: Option<usize>,
    consumer: Consumer,
) -> usize {
    if let Some(depth) = prefetch {
        items = items.prefetch(depth);
    }
    let mut seen = 0_usize;
    while let Some(item) = items.try_next().await.expect("generated walk") {
        black_box(&item);
        seen += 1;
        if seen.is_multiple_of(LIMIT as usize) {
            consumer.work().await;
        }
    }
    seen
}

/// The generated client a page at a time: `Task::pages` at `limit=100`, each page's items
/// looked at by reference, as the hand-written walk does.
pub(crate) async fn generated_pages(
    client: &Client,
    prefetch: Option<usize>,
    consumer: Consumer,
) -> (usize, Duration) {
    let started = Instant::now();
    let mut pages = Task::pages(client, &ListParams::new().limit(LIMIT));
    if let Some(depth) = prefetch {
        pages = pages.prefetch(depth);
    }
    let mut seen = 0_usize;
    while let Some(page) = pages.try_next().await.expect("generated walk") {
        for task in page.items() {
            black_box(task);
            seen += 1;
        }
        drop(page);
        consumer.work().await;
    }
    (seen, started.elapsed())
}

/// The hand-written walk: GET, check the status, take the `Link` header, read the bytes,
/// `serde_json::from_slice::<Vec<PlainTask>>` (the user's own struct, never the crate's),
/// follow `rel="next"` until there is none.
pub(crate) async fn hand_written(
    http: &reqwest::Client,
    base_url: &str,
    api_key: &str,
    consumer: Consumer,
) -> (usize, Duration) {
    let started = Instant::now();
    let authorization = format!("Bearer {api_key}");
    let mut next = Some(format!("{base_url}/tasks?limit={LIMIT}"));
    let mut seen = 0_usize;
    while let Some(url) = next.take() {
        let response = http
            .get(&url)
            .header(AUTHORIZATION, &authorization)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("hand-written walk: GET");
        next = next_link(response.headers());
        let body = response.bytes().await.expect("hand-written walk: body");
        let tasks: Vec<PlainTask> = serde_json::from_slice(&body).expect("hand-written walk: JSON");
        for task in &tasks {
            black_box(task);
            seen += 1;
        }
        drop(tasks);
        consumer.work().await;
    }
    (seen, started.elapsed())
}

/// The target of the `rel="next"` link, parsed minimally: the `<…>` of the first link whose
/// parameters mention `rel="next"` (the mock's exact form).
fn next_link(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(LINK)?.to_str().ok()?;
    value.split(',').find_map(|link| {
        let (target, params) = link.split_once('>')?;
        params
            .contains("rel=\"next\"")
            .then(|| target.trim().trim_start_matches('<').to_owned())
    })
}

/// A client of the mock at `url`, with the runtime's defaults.
pub(crate) fn client(url: &str, api_key: &str) -> Client {
    Client::builder()
        .api_key(api_key)
        .base_url(url)
        .build()
        .expect("a client for the mock")
}
