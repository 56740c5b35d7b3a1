use ittybit::resource;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct RunInput {}

#[resource(
    path = "/automations",
    action(method = POST, path = "/{id}/run"),
    action(name = run, method = post, path = "/{id}/run"),
    action(name = get, method = GET, path = "/{id}"),
    action(name = pause, method = POST, path = "/automations/{id}/pause"),
    action(name = peek, method = GET, path = "/{id}/peek", body = RunInput),
    action(name = stop, method = POST, path = "/{id}/{id}/stop", retry = true),
    action = "run",
)]
#[derive(Deserialize)]
pub struct Automation {
    pub id: String,
}

fn main() {}
