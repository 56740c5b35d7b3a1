use ittybit::resource;
use serde::Deserialize;

#[resource]
#[derive(Deserialize)]
pub struct Widget {
    pub id: String,
}

#[resource(id = key)]
#[derive(Deserialize)]
pub struct Gadget {
    pub key: String,
}

fn main() {}
