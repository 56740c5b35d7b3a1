use ittybit::resource;
use serde::Deserialize;

// The id must be text.
#[resource(path = "/widgets")]
#[derive(Deserialize)]
pub struct Widget {
    pub id: u64,
}

fn main() {}
