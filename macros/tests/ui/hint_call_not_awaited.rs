// Using a call's value without awaiting it points at `.await`.
use ittybit::{Client, Task};

async fn status(client: &Client) -> ittybit::Result<String> {
    let task = Task::get(client, "task_1")?;
    Ok(task.status.to_string())
}

// A field read on the call itself: the only field rustc finds says what to do.
async fn kind(client: &Client) -> ittybit::TaskKind {
    let task = Task::get(client, "task_1");
    task.kind
}

fn main() {
    let _ = status;
    let _ = kind;
}
