use ittybit::resource;
use serde::Deserialize;

#[resource(path = "widgets")]
#[derive(Deserialize)]
pub struct NoSlash {
    pub id: String,
}

#[resource(path = "/widgets?limit=10")]
#[derive(Deserialize)]
pub struct Query {
    pub id: String,
}

#[resource(path = "/widgets#top")]
#[derive(Deserialize)]
pub struct Fragment {
    pub id: String,
}

#[resource(path = "/wid gets")]
#[derive(Deserialize)]
pub struct Whitespace {
    pub id: String,
}

#[resource(path = "/widgets/")]
#[derive(Deserialize)]
pub struct TrailingSlash {
    pub id: String,
}

#[resource(path = "/widgets/{id}")]
#[derive(Deserialize)]
pub struct ItemPath {
    pub id: String,
}

#[resource(path = "/webhooks//endpoints")]
#[derive(Deserialize)]
pub struct EmptySegment {
    pub id: String,
}

#[resource(path = widgets)]
#[derive(Deserialize)]
pub struct NotAString {
    pub id: String,
}

fn main() {}
