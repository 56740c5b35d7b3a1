/// API keys live in a module; the resource is crate-visible, has no `get`, and its id is
/// the `key_id` field. The attribute is written with its full path.
pub mod keys {
    use serde::{Deserialize, Serialize};

    /// An API key.
    #[ittybit::resource(path = "/keys", id = key_id, get = false, create = NewKey, delete)]
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(crate) struct Key {
        /// Its id.
        pub(crate) key_id: String,
        /// A label.
        pub(crate) display_name: String,
    }

    /// The body of `POST /keys`.
    #[derive(Debug, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub(crate) struct NewKey {
        /// A label.
        pub(crate) display_name: String,
    }
}
