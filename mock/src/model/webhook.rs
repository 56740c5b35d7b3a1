//! Webhook endpoints: where the mock delivers events (see `state/delivery.rs`).

use serde::Serialize;

use crate::model::resource::resource;

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

#[cfg(test)]
mod tests {
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
