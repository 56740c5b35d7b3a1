use ittybit::resource;
use serde::Deserialize;

#[resource(path = "/widgets", get = false, path = "/gadgets", get)]
#[derive(Deserialize)]
pub struct Widget {
    pub id: String,
}

fn main() {}
