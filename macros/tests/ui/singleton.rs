use ittybit::resource;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct NewAccount {}

#[derive(Serialize, Default, Clone)]
pub struct AccountFilters {}

// A singleton has no id, no list, and is neither created nor deleted.
#[resource(
    path = "/account",
    singleton,
    id = name,
    list,
    filters = AccountFilters,
    create = NewAccount,
    delete,
    action(name = rotate, method = POST, path = "/{id}/rotate"),
)]
#[derive(Deserialize)]
pub struct Account {
    pub name: String,
}

fn main() {}
