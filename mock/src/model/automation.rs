//! Automations: a stored workflow, and the tasks a run of it creates.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::resource::resource;
use crate::model::task::NewTask;

/// A stored automation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Automation {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) workflow: Vec<Value>,
    pub(crate) status: String,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

resource!(Automation, "auto_", "automation", "automation_not_found");

impl Automation {
    /// The tasks of a run of the workflow on `url`, depth first, parents before children. A
    /// step's `options` become the task's options; a conditions step keeps its `conditions` there.
    pub(crate) fn tasks_for(&self, url: &str) -> Vec<NewTask> {
        let mut out = Vec::new();
        workflow_tasks(&self.workflow, url, None, &mut out);
        out
    }
}

/// Appends the tasks of `steps` (and their `next` steps) to `out`.
fn workflow_tasks(steps: &[Value], url: &str, parent: Option<usize>, out: &mut Vec<NewTask>) {
    for step in steps {
        let Some(body) = step.as_object() else {
            continue;
        };
        let mut options = body
            .get("options")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(conditions) = body.get("conditions").filter(|c| c.is_array()) {
            options.insert("conditions".to_owned(), conditions.clone());
        }
        let index = out.len();
        out.push(NewTask {
            kind: body
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("video")
                .to_owned(),
            options,
            metadata: Map::new(),
            url: Some(url.to_owned()),
            parent,
        });
        if let Some(next) = body.get("next").and_then(Value::as_array) {
            workflow_tasks(next, url, Some(index), out);
        }
    }
}
