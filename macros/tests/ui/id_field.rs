use ittybit::resource;
use serde::Deserialize;

// `id = …` names a field that does not exist.
#[resource(path = "/widgets", id = uid)]
#[derive(Deserialize)]
pub struct Widget {
    pub uuid: String,
    pub name: String,
}

// No `id` option, and no `id` field.
#[resource(path = "/gadgets")]
#[derive(Deserialize)]
pub struct Gadget {
    pub key: String,
}

fn main() {}
