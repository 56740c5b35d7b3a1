//! Bulk: create 1,000 tasks and wait for every one of them, 64 at a time, through one client
//! whose adaptive rate learns the API's limit, against an embedded `ittybit-mock` capped at
//! 200 requests a second. Shows a progress bar, then a summary.
//!
//! ```text
//! cargo run --release --example bulk
//! ```
//!
//! Every request of the client (creates and polls alike) shares one rate limit: a `429` pauses
//! them all for its `Retry-After`, and the adaptive rate keeps them under the cap. One task in
//! fifty has a source URL the mock fails on purpose, so the summary has failures to count.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use indicatif::{ProgressBar, ProgressStyle};
use ittybit::limit::{LocalLimiter, Pacing};
use ittybit::wait::{Lifecycle, WaitOptions};
use ittybit::{Client, NewTask, Task, TaskKind, TaskStatus};
use ittybit_mock::{MockConfig, MockServer};

const TASKS: usize = 1_000;
const CONCURRENCY: usize = 64;
const CAP: u32 = 200;

/// How one task ended.
enum Ended {
    Succeeded,
    /// The task finished with a status other than `succeeded`.
    Failed,
    /// A call failed (creating it, or reading it while waiting).
    Error(ittybit::Error),
}

#[tokio::main]
async fn main() -> ExitCode {
    let mock =
        MockServer::start_with(MockConfig::default().rate_limit(CAP, Duration::from_secs(1))).await;
    let client = match LocalLimiter::new(Pacing::adaptive()).and_then(|paced| {
        Client::builder()
            .api_key(mock.api_key())
            .base_url(mock.url())
            .limiter(paced)
            .build()
    }) {
        Ok(client) => client,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Creating {TASKS} tasks and waiting for each, {CONCURRENCY} at a time, against a mock \
         capped at {CAP} requests/s…"
    );

    let bar = ProgressBar::new(u64::try_from(TASKS).unwrap_or(u64::MAX));
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40.cyan/blue}] {pos}/{len} tasks done, {eta} left {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let started = Instant::now();
    let options = WaitOptions::default()
        .initial_interval(Duration::from_millis(250))
        .max_interval(Duration::from_secs(2))
        .deadline(Duration::from_secs(300));

    let (mut succeeded, mut failed, mut errors) = (0_usize, 0_usize, Vec::new());
    let mut ended = stream::iter(0..TASKS)
        .map(|n| create_and_wait(&client, n, &options))
        .buffer_unordered(CONCURRENCY);
    while let Some(end) = ended.next().await {
        match end {
            Ended::Succeeded => succeeded += 1,
            Ended::Failed => failed += 1,
            Ended::Error(err) => errors.push(err),
        }
        bar.inc(1);
        bar.set_message(format!(
            "· {failed} failed · {} errors · {} 429s",
            errors.len(),
            mock.stats().throttled
        ));
    }
    bar.finish();
    let elapsed = started.elapsed();
    let stats = mock.stats();

    println!();
    println!("Summary");
    println!("  tasks succeeded:    {succeeded}");
    println!("  tasks failed:       {failed} (source URLs the mock fails on purpose)");
    println!("  calls that failed:  {}", errors.len());
    println!(
        "  requests sent:      {} ({:.0}/s against a cap of {CAP}/s)",
        stats.requests,
        f64::from(u32::try_from(stats.requests).unwrap_or(u32::MAX)) / elapsed.as_secs_f64()
    );
    println!("  429s received:      {}", stats.throttled);
    println!("  elapsed:            {:.1} s", elapsed.as_secs_f64());
    for err in errors.iter().take(5) {
        println!("  error: {err}");
    }
    if errors.is_empty() && succeeded + failed == TASKS {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Creates task `n` and waits until it is done.
async fn create_and_wait(client: &Client, n: usize, options: &WaitOptions) -> Ended {
    let url = if n % 50 == 49 {
        format!("https://example.com/media/fail-{n}.mp4")
    } else {
        format!("https://example.com/media/clip-{n}.mp4")
    };
    let body = NewTask::new(url, TaskKind::Video).option("width", 1280);
    let task = match Task::create(client, &body).await {
        Ok(task) => task,
        Err(err) => return Ended::Error(err),
    };
    match Task::wait_until_done(client, &task.id, options).await {
        Ok(task) if task.status == TaskStatus::Succeeded => Ended::Succeeded,
        Ok(_) => Ended::Failed,
        Err(err) => Ended::Error(err),
    }
}
