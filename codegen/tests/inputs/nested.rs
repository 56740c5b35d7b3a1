use serde::{Deserialize, Serialize};

/// A run of an automation: a collection nested under its automation.
#[resource(
    path = "/automations/{automation_id}/runs",
    create = NewAutomationRun,
    delete,
    action(name = cancel, method = POST, path = "/{id}/cancel"),
)]
#[derive(Debug, Deserialize)]
pub struct AutomationRun {
    /// The run's id.
    pub id: String,
    /// Its status.
    pub status: String,
}

/// The body of `POST /automations/{automation_id}/runs`.
#[derive(Debug, Serialize)]
pub struct NewAutomationRun {
    /// Input for the run.
    pub input: String,
}
