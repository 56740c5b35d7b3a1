use serde::Deserialize;

/// Two problems in one attribute, one in another struct.
#[resource(path = "widgets", colour = "red")]
#[derive(Deserialize)]
pub struct Widget {
    pub id: String,
}

#[resource(path = "/gadgets", id = uuid)]
#[derive(Deserialize)]
pub struct Gadget {
    pub id: String,
}

mod nested {
    #[resource(path = "/things")]
    pub enum Thing {}
}
