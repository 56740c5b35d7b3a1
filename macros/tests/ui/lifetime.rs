use ittybit::resource;
use serde::Deserialize;

#[resource(path = "/widgets")]
#[derive(Deserialize)]
pub struct Widget<'a> {
    pub id: &'a str,
}

fn main() {}
