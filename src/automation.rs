//! Automations: saved workflows, run on new media.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Run, resource};

ittybit_runtime::open_enum! {
    /// Whether an automation runs.
    pub enum AutomationStatus {
        /// Runs on new media.
        Active = "active",
        /// Does not run.
        Paused = "paused",
    }
}

/// An automation: a saved workflow. `GET`/`PATCH`/`DELETE /automations/{id}`,
/// `GET`/`POST /automations`, and `POST /automations/{id}/run`.
#[resource(
    path = "/automations",
    create = NewAutomation,
    update = AutomationUpdate,
    delete,
    action(name = "run", method = "POST", path = "/{id}/run", body = RunAutomation, returns = Run)
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Automation {
    /// The automation id (`auto_…`).
    pub id: String,
    /// Always `"automation"`.
    #[serde(default)]
    pub object: String,
    /// A name for people.
    #[serde(default)]
    pub name: Option<String>,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
    /// The steps it runs.
    #[serde(default)]
    pub workflow: Vec<WorkflowStep>,
    /// Whether it runs.
    pub status: AutomationStatus,
    /// When it was created.
    pub created_at: crate::Timestamp,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: Option<crate::Timestamp>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: crate::JsonObject,
}

/// One step of a workflow: a task kind, or `conditions` that gate the steps after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowStep {
    /// The task kind, or `conditions`.
    pub kind: String,
    /// A name other steps can refer to.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// For `conditions` steps: all must hold for `next` to run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// Steps that run after this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next: Vec<WorkflowStep>,
    /// Step settings this version does not model (e.g. task options), kept verbatim.
    #[serde(flatten)]
    pub extra: crate::JsonObject,
}

impl WorkflowStep {
    /// A step of this kind.
    pub fn new(kind: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            reference: None,
            conditions: Vec::new(),
            next: Vec::new(),
            extra: crate::JsonObject::new(),
        }
    }

    /// Adds a step that runs after this one.
    #[must_use]
    pub fn then(mut self, step: WorkflowStep) -> Self {
        self.next.push(step);
        self
    }
}

/// A condition of a `conditions` step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// The property tested, e.g. `duration`.
    pub prop: String,
    /// The value it is compared with.
    pub value: Value,
}

/// The body of `POST /automations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAutomation {
    /// A name for people.
    pub name: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The steps it runs.
    pub workflow: Vec<WorkflowStep>,
    /// Whether it runs (the API's default when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AutomationStatus>,
}

impl NewAutomation {
    /// An automation named `name` running `workflow`.
    pub fn new(name: impl Into<String>, workflow: Vec<WorkflowStep>) -> Self {
        Self {
            name: name.into(),
            description: None,
            workflow,
            status: None,
        }
    }
}

/// The body of `PATCH /automations/{id}`: only the fields set are changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AutomationUpdate {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new workflow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<Vec<WorkflowStep>>,
    /// Pause or resume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AutomationStatus>,
}

/// The body of `POST /automations/{id}/run`: the media to run the automation on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunAutomation {
    /// The source media.
    pub url: String,
}

impl RunAutomation {
    /// Runs on the media at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into() }
    }
}
