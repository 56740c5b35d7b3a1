use ittybit::{Client, ListParams, resource};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct NewWidget {}

// One wrong option is one error: the methods whose options parsed are still there, so the
// calls below add no "no function named `get`" of their own.
#[resource(path = "/widgets", get = maybe, create = NewWidget)]
#[derive(Deserialize)]
pub struct Widget {
    pub id: String,
}

// Even with a path that does not parse, the default methods exist.
#[resource(path = "gadgets/")]
#[derive(Deserialize)]
pub struct Gadget {
    pub id: String,
}

fn main() {
    let client = Client::from_env().unwrap();
    let _ = Widget::get(&client, "w_1");
    let _ = Widget::list(&client, &ListParams::new());
    let _ = Widget::create(&client, &NewWidget {});
    let _ = Gadget::stream(&client, &ListParams::new());
}
