// Resources of other shapes: a collection nested under another resource, a singleton, and
// numbered ids. Expanded by build.rs like widgets.rs; the end-to-end tests also expand this
// same file with the `#[resource]` macro and check both against a server.

use serde::{Deserialize, Serialize};

/// A run of an automation: a collection nested under its automation. Every method takes the
/// automation's id first.
#[resource(path = "/automations/{automation_id}/runs", create = NewRun)]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AutomationRun {
    /// Its id (`run_…`).
    pub id: String,
    /// Its status.
    pub status: String,
}

/// The body of `POST /automations/{automation_id}/runs`.
#[derive(Debug, Clone, Serialize)]
pub struct NewRun {
    /// What the run is for.
    pub reason: String,
}

/// The account of the key in use: one of it, no id, no list.
#[resource(path = "/account", singleton, update = AccountUpdate)]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Account {
    /// Its name.
    pub name: String,
}

/// The body of `PATCH /account`.
#[derive(Debug, Clone, Serialize)]
pub struct AccountUpdate {
    /// The new name.
    pub name: String,
}

/// A counter, numbered rather than named.
#[resource(path = "/counters")]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Counter {
    /// Its number.
    pub id: u64,
    /// Its value.
    pub value: i64,
}
