use ittybit::{Client, ListParams, resource};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct RunInput {}

#[derive(Deserialize)]
pub struct Run {
    pub id: String,
}

// `acton` for `action` is one error: the action is still generated, so the code below adds
// none of its own.
#[resource(
    path = "/automations",
    acton(name = run, method = POST, path = "/{id}/run", body = RunInput, returns = Run),
)]
#[derive(Deserialize)]
pub struct Automation {
    pub id: String,
}

async fn start(client: &Client) -> ittybit::Result<()> {
    let run = Automation::run(client, "auto_1", &RunInput {}).await?;
    let _ = run.id;
    let mut automations = Automation::stream(client, &ListParams::new());
    while let Some(automation) = automations.try_next().await? {
        let _ = automation.id;
    }
    for automation in Automation::stream(client, &ListParams::new()).blocking() {
        let _ = automation?.id;
    }
    Ok(())
}

fn main() {
    let _ = start;
}
