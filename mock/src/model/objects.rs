//! The other stored objects: automations (a stored workflow, and the tasks a run of it
//! creates), API keys created through `POST /keys`, webhook endpoints (where the mock delivers
//! events, see `state/delivery.rs`) and the objects of the caller's own resources (see
//! `MockResource`: a JSON object with the id and parent values it is found by).

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::model::task::NewTask;
use crate::model::{Resource, resource};

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

/// A stored webhook endpoint.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WebhookEndpoint {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) url: String,
    pub(crate) topics: Vec<String>,
    pub(crate) status: &'static str,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

resource!(
    WebhookEndpoint,
    "we_",
    "webhook endpoint",
    "webhook_endpoint_not_found"
);

impl WebhookEndpoint {
    /// Whether events of `kind` are delivered here: an active endpoint receives the kinds in
    /// its topics, or every kind when its topics are empty (the API does not say what empty
    /// topics mean; the mock reads them as "everything", which is what a receiver registered
    /// without topics expects).
    pub(crate) fn receives(&self, kind: &str) -> bool {
        self.status == "active" && (self.topics.is_empty() || self.topics.iter().any(|t| t == kind))
    }
}

/// One stored object of a caller's resource.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CustomObject {
    /// The id as it appears in paths and cursors (empty for a singleton).
    pub(crate) id: String,
    /// The values of the path's placeholders, in order.
    pub(crate) parents: Vec<String>,
    /// The object as served.
    pub(crate) body: Map<String, Value>,
}

impl Resource for CustomObject {
    const PREFIX: &'static str = "";
    const NOUN: &'static str = "object";
    const NOT_FOUND: &'static str = "not_found";

    fn id(&self) -> &str {
        &self.id
    }
}

impl Serialize for CustomObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(serializer)
    }
}

#[cfg(test)]
mod webhook_tests {
    use super::*;

    fn endpoint(topics: &[&str]) -> WebhookEndpoint {
        WebhookEndpoint {
            id: "we_1".to_owned(),
            object: "webhook_endpoint",
            url: "https://hooks.example.com".to_owned(),
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
            status: "active",
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn empty_topics_receive_every_kind() {
        assert!(endpoint(&[]).receives("task.created"));
        assert!(endpoint(&[]).receives("run.failed"));
        let picky = endpoint(&["task.succeeded"]);
        assert!(picky.receives("task.succeeded"));
        assert!(!picky.receives("task.created"));
        let mut paused = endpoint(&[]);
        paused.status = "paused";
        assert!(!paused.receives("task.created"));
    }
}
