//! Webhook endpoints: where the API sends events.

use serde::{Deserialize, Serialize};

use crate::{EventKind, resource};

ittybit_runtime::open_enum! {
    /// Whether an endpoint receives events.
    pub enum WebhookEndpointStatus {
        /// Receiving events.
        Active = "active",
    }
}

/// A webhook endpoint. `GET`/`PATCH`/`DELETE /webhooks/endpoints/{id}`,
/// `GET`/`POST /webhooks/endpoints`.
#[resource(
    path = "/webhooks/endpoints",
    create = NewWebhookEndpoint,
    update = WebhookEndpointUpdate,
    delete
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookEndpoint {
    /// The endpoint id (`we_…`).
    pub id: String,
    /// Always `"webhook_endpoint"`.
    #[serde(default)]
    pub object: String,
    /// Where events are sent (HTTPS).
    pub url: String,
    /// The event kinds sent there.
    #[serde(default)]
    pub topics: Vec<EventKind>,
    /// Whether it receives events.
    pub status: WebhookEndpointStatus,
    /// When it was created.
    pub created_at: crate::Timestamp,
    /// When it last changed.
    #[serde(default)]
    pub updated_at: Option<crate::Timestamp>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: crate::JsonObject,
}

/// The body of `POST /webhooks/endpoints`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewWebhookEndpoint {
    /// Where to send events (HTTPS).
    pub url: String,
    /// The event kinds to send.
    pub topics: Vec<EventKind>,
}

impl NewWebhookEndpoint {
    /// An endpoint at `url` receiving `topics`.
    pub fn new(url: impl Into<String>, topics: Vec<EventKind>) -> Self {
        Self {
            url: url.into(),
            topics,
        }
    }
}

/// The body of `PATCH /webhooks/endpoints/{id}`: only the fields set are changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookEndpointUpdate {
    /// A new URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// New topics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<Vec<EventKind>>,
}
