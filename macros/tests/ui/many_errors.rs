use ittybit::resource;
use serde::Deserialize;

// Every problem of one attribute is reported in the same build.
#[resource(path = "widgets", id = key, fitlers = Filters, get = maybe, list = false, list = true)]
#[derive(Deserialize)]
pub struct Widget<'a> {
    pub id: &'a str,
}

fn main() {}
