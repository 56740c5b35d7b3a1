// Iterating an async stream with `for` says what to write instead.
use ittybit::{Client, ListParams, Task};

fn main() {
    let client = Client::builder().api_key("k").build().unwrap();
    for task in Task::stream(&client, &ListParams::new()) {
        let _ = task;
    }
    for page in Task::pages(&client, &ListParams::new()) {
        let _ = page;
    }
}
