//! Quickstart: create a task, wait for it, walk every task, and handle a typed error.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With no `ITTYBIT_API_KEY` set, this runs against an embedded `ittybit-mock` server on
//! 127.0.0.1 seeded with a few hundred tasks. With `ITTYBIT_API_KEY` set, it talks to the real
//! API (`ITTYBIT_BASE_URL` may point elsewhere) and creates one real task.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Duration;

use ittybit::error::ApiErrorKind;
use ittybit::wait::{Lifecycle, WaitOptions};
use ittybit::{Client, ListParams, NewTask, Task, TaskKind};
use ittybit_mock::{MockServer, TaskSeed};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ittybit::Result<()> {
    // Keep the mock alive for the whole program: dropping it stops the server.
    let (client, _mock) = connect().await?;

    // 1. Create a task: encode a video at 720p.
    let body = NewTask::new("https://example.com/media/skateboard.mp4", TaskKind::Video)
        .option("width", 1280)
        .option("height", 720)
        .option("format", "mp4");
    let created = Task::create(&client, &body).send().await?;
    let task = created.value();
    println!(
        "1. created {} ({} task, status {}, HTTP {})",
        task.id,
        task.kind,
        task.status,
        created.status()
    );

    // 2. Wait for it to finish: polls with backoff until a terminal status or the deadline.
    let options = WaitOptions::default()
        .initial_interval(Duration::from_millis(100))
        .deadline(Duration::from_secs(300));
    let task = Task::wait_until_done(&client, &task.id, &options).await?;
    println!(
        "2. {} finished: {} (progress {}%)",
        task.id,
        task.status,
        task.progress.unwrap_or_default()
    );
    // What a media task is for: its output file.
    if let Some(output) = task.output() {
        println!(
            "   output: {} ({} bytes, {}x{}, {}s)",
            output.url,
            output.filesize.unwrap_or_default(),
            output.width.unwrap_or_default(),
            output.height.unwrap_or_default(),
            output.duration.unwrap_or_default()
        );
    }

    // 3. Walk every task, 100 per page; the next page is fetched while this one is counted.
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut first_failure = None;
    let mut tasks = Task::stream(&client, &ListParams::new().limit(100));
    while let Some(task) = tasks.try_next().await? {
        *by_status.entry(task.status.to_string()).or_default() += 1;
        if first_failure.is_none()
            && let Some(error) = task.error
        {
            first_failure = Some((task.id, error));
        }
    }
    let total: usize = by_status.values().sum();
    println!("3. walked {total} tasks, by status: {by_status:?}");
    if let Some((id, error)) = first_failure {
        println!("   {id} failed: {error}");
    }

    // 4. Errors are typed: match on the API's error kind, or ask a predicate.
    match Task::get(&client, "task_does_not_exist").await {
        Ok(task) => println!("4. unexpectedly found {}", task.id),
        Err(err) if err.api_kind() == Some(&ApiErrorKind::TaskNotFound) => {
            println!("4. typed error, as expected: {err}");
        }
        Err(err) => return Err(err),
    }
    Ok(())
}

/// The real API when `ITTYBIT_API_KEY` is set, else an embedded mock.
async fn connect() -> ittybit::Result<(Client, Option<MockServer>)> {
    if std::env::var_os(ittybit::Client::API_KEY_ENV).is_some() {
        let client = Client::from_env()?;
        println!("using the API at {}", client.base_url());
        return Ok((client, None));
    }
    let mock = MockServer::start().await;
    mock.seed_tasks(TaskSeed::many(250));
    println!(
        "using an embedded ittybit-mock at {} (set {} to use the real API)",
        mock.url(),
        ittybit::Client::API_KEY_ENV
    );
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .build()?;
    Ok((client, Some(mock)))
}
