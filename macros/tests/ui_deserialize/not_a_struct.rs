// Only structs with named fields: enums, tuple and unit structs, unions and lifetimes are refused.

#[derive(ittybit::Deserialize)]
enum Status {
    Ready,
}

#[derive(ittybit::Deserialize)]
struct Pair(String, String);

#[derive(ittybit::Deserialize)]
struct Unit;

#[derive(ittybit::Deserialize)]
union Bits {
    a: u32,
}

#[derive(ittybit::Deserialize)]
struct Borrowed<'a> {
    id: &'a str,
}

fn main() {}
