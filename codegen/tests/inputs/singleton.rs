use serde::{Deserialize, Serialize};

/// The account of the key in use: a singleton, with no id and no list.
#[resource(
    path = "/account",
    singleton,
    update = AccountUpdate,
    action(name = rotate_key, method = POST, path = "/rotate", returns = String),
)]
#[derive(Debug, Deserialize)]
pub struct Account {
    /// The account's name.
    pub name: String,
}

/// The body of `PATCH /account`.
#[derive(Debug, Serialize)]
pub struct AccountUpdate {
    /// The new name.
    pub name: String,
}
