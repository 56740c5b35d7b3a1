use ittybit::{Client, ItemStream, ListParams, resource};
use serde::Deserialize;

// A nested list is walked through its generated `stream`, which takes the parent's id: there
// is no other way to start a walk of it, so a missing parent is a compile error.
#[resource(path = "/automations/{automation_id}/runs")]
#[derive(Deserialize)]
pub struct AutomationRun {
    pub id: String,
}

fn walks(client: &Client) {
    let _ = AutomationRun::stream(client, &ListParams::new());
    let _ = ItemStream::<AutomationRun>::new(client, &ListParams::new());
}

fn main() {}
