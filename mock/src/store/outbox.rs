//! Which endpoints each newly recorded event goes to. The store notes every event it records;
//! the state takes the resulting deliveries after each locked use of the store and hands them to
//! the background sender, so a request never waits for a delivery.

use crate::model::event::Event;
use crate::model::webhook::WebhookEndpoint;
use crate::store::Store;
use crate::store::collection::{Collection, Order};

/// One event to deliver to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outgoing {
    /// The endpoint's id; deliveries to one endpoint are made one at a time, in order.
    pub(crate) endpoint_id: String,
    /// Where to POST the event, as the endpoint had it when the event was recorded.
    pub(crate) url: String,
    /// The event's id, for logs.
    pub(crate) event_id: String,
    /// The event object as JSON, exactly as `GET /events/{id}` shows it.
    pub(crate) body: Vec<u8>,
}

impl Store {
    /// Notes an event just recorded, for [`Store::take_outgoing`].
    pub(crate) fn note_recorded(&mut self, event_id: String) {
        self.recorded.push(event_id);
    }

    /// The deliveries of the events recorded since the last call: oldest event first, and for
    /// each event the endpoints that receive its kind, oldest endpoint first.
    pub(crate) fn take_outgoing(&mut self) -> Vec<Outgoing> {
        let recorded = std::mem::take(&mut self.recorded);
        outgoing(&recorded, &self.events, &self.webhooks)
    }
}

/// The deliveries of the events with these ids.
fn outgoing(
    recorded: &[String],
    events: &Collection<Event>,
    endpoints: &Collection<WebhookEndpoint>,
) -> Vec<Outgoing> {
    let mut out = Vec::new();
    for event in recorded.iter().filter_map(|id| events.get(id)) {
        let mut body = None;
        for (_, endpoint) in endpoints.walk_after(Order::Asc, None) {
            if !endpoint.receives(event.kind) {
                continue;
            }
            if body.is_none() {
                // Serialising plain strings, numbers and a JSON value cannot fail.
                body = serde_json::to_vec(event).ok();
            }
            let Some(body) = &body else { break };
            out.push(Outgoing {
                endpoint_id: endpoint.id.clone(),
                url: endpoint.url.clone(),
                event_id: event.id.clone(),
                body: body.clone(),
            });
        }
    }
    out
}
