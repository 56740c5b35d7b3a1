//! The blocking facade: the same calls without an async runtime.
//!
//! ```text
//! cargo run --example blocking
//! ```
//!
//! Runs against an `ittybit-mock` server on its own thread.

use ittybit::{Client, ListParams, NewTask, Task, TaskKind};
use ittybit_mock::{MockConfig, MockServer, TaskSeed};

fn main() -> ittybit::Result<()> {
    let mock = MockServer::start_on_thread(MockConfig::default().seed_tasks(TaskSeed::many(120)));
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .build()?;

    // Any call: `.wait()` instead of `.await`.
    let task = Task::create(
        &client,
        &NewTask::new("https://example.com/a.png", TaskKind::Image),
    )
    .wait()?;
    println!("created {} ({})", task.id, task.status);
    let task = Task::get(&client, &task.id).wait()?;
    println!("read it back: {}", task.status);

    // Any walk: `.blocking()` makes it an Iterator.
    let mut count = 0;
    for task in Task::stream(&client, &ListParams::new().limit(50)).blocking() {
        let _task = task?;
        count += 1;
    }
    println!("walked {count} tasks");
    Ok(())
}
