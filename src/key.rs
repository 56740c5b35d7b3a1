//! API keys.

use serde::{Deserialize, Serialize};

use crate::{Secret, resource};

/// An API key. `GET`/`POST /keys`, `DELETE /keys/{id}` (no `GET /keys/{id}`). The API shows
/// [`secret`](Self::secret) once, in the answer to [`Key::create`].
#[resource(path = "/keys", get = false, delete)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Key {
    /// The key id (`key_…`).
    pub id: String,
    /// Always `"key"`.
    #[serde(default)]
    pub object: String,
    /// A name for people.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the key works (`"active"`).
    #[serde(default)]
    pub status: Option<String>,
    /// The secret, present only when the key was just created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// When it was created.
    pub created_at: crate::Timestamp,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: Option<crate::Timestamp>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: crate::JsonObject,
}

impl Key {
    /// `POST /keys` with a JSON `NewKey`: the created `Key`, its [`secret`](Self::secret) never in
    /// an error message ([`Call::sensitive`](crate::Call::sensitive)).
    ///
    /// # Errors
    /// An error status (400 for an invalid body), a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(POST, "ittybit::retry::RetryPolicy")]
    pub fn create(client: &crate::Client, body: &NewKey) -> crate::Call<Self> {
        crate::ops::create::<Self, NewKey>(client, &[], body).sensitive()
    }
}

/// The body of `POST /keys`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewKey {
    /// A name for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl NewKey {
    /// A key with this name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
        }
    }
}
