use ittybit::resource;
use serde::Deserialize;

#[resource(path = "/shapes")]
#[derive(Deserialize)]
pub enum Shape {
    Circle { id: String },
}

#[resource(path = "/pairs")]
#[derive(Deserialize)]
pub struct Pair(pub String, pub u32);

#[resource(path = "/units")]
#[derive(Deserialize)]
pub struct Unit;

#[resource(path = "/unions")]
pub union Either {
    pub a: u32,
    pub b: f32,
}

#[resource(path = "/functions")]
pub fn function() {}

fn main() {
    // Every item is still emitted.
    let _ = (Shape::Circle { id: String::new() }, Pair(String::new(), 1), Unit, Either { a: 1 });
    function();
}
