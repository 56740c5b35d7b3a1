use serde::Deserialize;

/// A counter, numbered rather than named.
#[resource(path = "/counters", get, list = false, delete)]
#[derive(Debug, Deserialize)]
pub struct Counter {
    /// The counter's number.
    pub id: u64,
    /// Its value.
    pub value: i64,
}
