//! Webhook endpoints. Nothing is ever delivered to them.

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
