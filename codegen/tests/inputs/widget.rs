use serde::Deserialize;

/// A widget: the default operations only (get, list, stream, pages).
#[resource(path = "/widgets")]
#[derive(Debug, Clone, Deserialize)]
pub struct Widget {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}
