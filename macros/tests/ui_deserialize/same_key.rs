// Two fields read from one key would leave one of them unreachable.

#[derive(ittybit::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Widget {
    created_at: i64,
    #[serde(rename = "createdAt")]
    created: i64,
    #[serde(alias = "created_at")]
    legacy: i64,
    #[serde(alias = "legacy")]
    other: i64,
}

fn main() {}
