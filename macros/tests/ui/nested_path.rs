use ittybit::resource;
use serde::Deserialize;

// Each placeholder of a nested path is a parameter: a whole segment, an identifier, named once.
#[resource(path = "/orgs/{org}/teams/{org}/members")]
#[derive(Deserialize)]
pub struct Member {
    pub id: String,
}

#[resource(path = "/automations/{automation-id}/runs")]
#[derive(Deserialize)]
pub struct Run {
    pub id: String,
}

#[resource(path = "/automations/run_{n}")]
#[derive(Deserialize)]
pub struct Numbered {
    pub id: String,
}

#[resource(path = "/clients/{client}/keys")]
#[derive(Deserialize)]
pub struct Key {
    pub id: String,
}

#[resource(path = "/automations/{automation_id}/runs", action(name = retry, method = POST, path = "/{run_id}/retry"))]
#[derive(Deserialize)]
pub struct AutomationRun {
    pub id: String,
}

fn main() {}
