use ittybit::{Client, ListParams, resource};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct NewWidget {}

#[derive(Deserialize)]
pub struct Run {
    pub id: String,
}

// One wrong option is one error: the methods whose options parsed are still there, so the
// calls below add no "no function named `get`" of their own.
#[resource(path = "/widgets", get = maybe, create = NewWidget)]
#[derive(Deserialize)]
pub struct Widget {
    pub id: String,
}

// Even with a path that does not parse, the default methods exist.
#[resource(path = "gadgets/")]
#[derive(Deserialize)]
pub struct Gadget {
    pub id: String,
}

// An action with an unknown method, and one with a misspelt option, are still generated, the
// latter read as the option the error suggests.
#[resource(
    path = "/automations",
    action(name = pause, method = PSOT, path = "/{id}/pause"),
    action(name = run, method = POST, path = "/{id}/run", retruns = Run),
)]
#[derive(Deserialize)]
pub struct Automation {
    pub id: String,
}

// A misspelt `singleton` is read as one: `get` takes no id.
#[resource(path = "/account", singelton)]
#[derive(Deserialize)]
pub struct Account {
    pub name: String,
}

async fn calls(client: &Client) -> ittybit::Result<()> {
    let _ = Widget::get(client, "w_1");
    let _ = Widget::list(client, &ListParams::new()).await?;
    let _ = Widget::create(client, &NewWidget {});
    let mut gadgets = Gadget::stream(client, &ListParams::new());
    while let Some(gadget) = gadgets.try_next().await? {
        let _ = gadget.id;
    }
    let paused: Automation = Automation::pause(client, "auto_1").await?;
    let run: Run = Automation::run(client, "auto_1").await?;
    let _ = (paused.id, run.id);
    let account = Account::get(client).await?;
    let _ = account.name;
    Ok(())
}

fn main() {
    let _ = calls;
}
