// The `#[serde(flatten)]` catch-all: one of them, a map, no other option, not with
// `deny_unknown_fields`.

use serde_json::{Map, Value};

#[derive(ittybit::Deserialize)]
struct Two {
    id: String,
    #[serde(flatten)]
    extra: Map<String, Value>,
    #[serde(flatten)]
    more: Map<String, Value>,
}

#[derive(ittybit::Deserialize)]
struct Renamed {
    #[serde(flatten, rename = "rest")]
    extra: Map<String, Value>,
}

#[derive(ittybit::Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(serde::Deserialize)]
struct Inner {
    name: String,
}

#[derive(ittybit::Deserialize)]
struct FlattensAStruct {
    id: String,
    #[serde(flatten)]
    inner: Inner,
}

fn main() {}
