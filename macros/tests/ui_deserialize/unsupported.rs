// Attributes whose meaning this derive does not implement are refused, each where it is written.

#[derive(ittybit::Deserialize)]
#[serde(tag = "type", transparent)]
struct Tagged {
    id: String,
}

#[derive(ittybit::Deserialize)]
struct Borrowing {
    #[serde(borrow)]
    id: String,
    #[serde(getter = "Self::name")]
    name: String,
}

#[derive(ittybit::Deserialize)]
#[serde(rename_all = "Title Case")]
struct BadCase {
    id: String,
}

#[derive(ittybit::Deserialize)]
#[ittybit(root = ittybit)]
struct BadOption {
    #[ittybit(crate = ittybit)]
    id: String,
}

fn main() {}
