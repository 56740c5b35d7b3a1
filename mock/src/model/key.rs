//! API keys created through `POST /keys`.

use serde::Serialize;

use crate::model::resource::resource;

/// A stored key; the secret is never serialized with it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Key {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) name: String,
    pub(crate) status: &'static str,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
    #[serde(skip)]
    pub(crate) secret: String,
}

resource!(Key, "key_", "key", "key_not_found");
