use serde::{Deserialize, Serialize};

/// An automation: every operation, typed filters and actions.
#[resource(
    path = "/automations",
    filters = AutomationFilters,
    create = NewAutomation,
    update = AutomationUpdate,
    delete,
    action(
        name = run,
        method = POST,
        path = "/{id}/run",
        body = RunInput,
        returns = Run,
        doc = "Starts a run of the automation.",
    ),
    action(name = pause, method = POST, path = "/{id}/pause"),
    action(name = search, method = GET, path = "/search", returns = Vec<Automation>),
)]
#[derive(Debug, Clone, Deserialize)]
pub struct Automation {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `active` or `paused`.
    pub status: String,
}

/// Filters of the automation list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AutomationFilters {
    /// Only automations in this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// The body of `POST /automations`.
#[derive(Debug, Serialize)]
pub struct NewAutomation {
    /// Its name.
    pub name: String,
}

/// The body of `PATCH /automations/{id}`.
#[derive(Debug, Default, Serialize)]
pub struct AutomationUpdate {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The body of `POST /automations/{id}/run`.
#[derive(Debug, Serialize)]
pub struct RunInput {
    /// The file to run on.
    pub url: String,
}

/// A run of an automation.
#[derive(Debug, Clone, Deserialize)]
pub struct Run {
    /// Its id.
    pub id: String,
}
