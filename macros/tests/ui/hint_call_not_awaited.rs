// Using a call's value without awaiting it points at `.await`.
use ittybit::{Client, Task};

async fn status(client: &Client) -> ittybit::Result<String> {
    let task = Task::get(client, "task_1")?;
    Ok(task.status.to_string())
}

fn main() {
    let _ = status;
}
