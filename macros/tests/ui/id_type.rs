use ittybit::resource;
use serde::Deserialize;

/// Not displayable, so not usable as an id.
#[derive(Deserialize)]
pub struct Opaque(Vec<u8>);

// The id goes into URLs as text: its type must implement `Display` (`u64` does).
#[resource(path = "/widgets")]
#[derive(Deserialize)]
pub struct Widget {
    pub id: Opaque,
}

#[resource(path = "/counters")]
#[derive(Deserialize)]
pub struct Counter {
    pub id: u64,
}

fn main() {
    let client = ittybit::Client::from_env().unwrap();
    let _ = Counter::get(&client, 7);
}
