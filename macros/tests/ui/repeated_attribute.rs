use ittybit::resource;
use serde::Deserialize;

#[resource(path = "/widgets")]
#[resource(path = "/widgets", delete)]
#[derive(Deserialize)]
pub struct Widget {
    pub id: String,
}

fn main() {}
