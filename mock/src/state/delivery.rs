//! Webhook delivery in the background: each event goes to every endpoint that receives its kind
//! as a `POST` whose body is the event object, and counts as delivered on a `2xx` answer within
//! the timeout. Failed attempts are retried with doubling waits, a bounded number of times.
//!
//! Requests only put deliveries on an unbounded queue (never waiting, never failing); one
//! dispatcher task, started with the server, reads the queue and gives each endpoint a lane of
//! its own, a task that delivers that endpoint's events one at a time in the order they were
//! recorded. A slow or failing endpoint so delays only its own events.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinSet;

use crate::config::WebhookPolicy;
use crate::store::tasks::Outgoing;

/// The `User-Agent` of deliveries.
const USER_AGENT: &str = concat!("ittybit-mock/", env!("CARGO_PKG_VERSION"));

/// Counts of delivery work, for [`MockStats`](crate::MockStats).
#[derive(Debug, Default)]
pub(crate) struct DeliveryCounts {
    /// `POST`s sent (or tried) to endpoints.
    pub(crate) attempts: AtomicU64,
    /// Events an endpoint accepted with a `2xx`.
    pub(crate) delivered: AtomicU64,
    /// Events given up for an endpoint after the last failed attempt.
    pub(crate) failed: AtomicU64,
}

/// The delivery queue of one server.
#[derive(Debug)]
pub(crate) struct Deliveries {
    policy: WebhookPolicy,
    queue: UnboundedSender<Outgoing>,
    /// The queue's receiving end until the dispatcher takes it.
    waiting: Mutex<Option<UnboundedReceiver<Outgoing>>>,
    counts: Arc<DeliveryCounts>,
}

impl Deliveries {
    /// An empty queue delivering by `policy`.
    pub(crate) fn new(policy: WebhookPolicy) -> Self {
        let (queue, waiting) = unbounded_channel();
        Self {
            policy,
            queue,
            waiting: Mutex::new(Some(waiting)),
            counts: Arc::default(),
        }
    }

    /// The delivery settings.
    pub(crate) fn policy(&self) -> &WebhookPolicy {
        &self.policy
    }

    /// What has been attempted, delivered and given up so far.
    pub(crate) fn counts(&self) -> &DeliveryCounts {
        &self.counts
    }

    /// Queues deliveries without waiting. Once the dispatcher has stopped (the server is shut
    /// down) they are dropped.
    pub(crate) fn enqueue(&self, outgoing: Vec<Outgoing>) {
        for delivery in outgoing {
            if self.queue.send(delivery).is_err() {
                break;
            }
        }
    }

    /// The dispatcher, to run on the server's runtime while the server runs; `None` if it was
    /// taken before. Dropping it stops every delivery in progress.
    pub(crate) fn dispatcher(&self) -> Option<impl Future<Output = ()> + Send + 'static> {
        let queue = self
            .waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()?;
        Some(dispatch(queue, self.policy, Arc::clone(&self.counts)))
    }
}

/// Reads the queue and hands each delivery to its endpoint's lane, starting lanes as needed.
async fn dispatch(
    mut queue: UnboundedReceiver<Outgoing>,
    policy: WebhookPolicy,
    counts: Arc<DeliveryCounts>,
) {
    let client = match client(&policy) {
        Ok(client) => Some(client),
        Err(err) => {
            tracing::error!(%err, "ittybit-mock cannot build its webhook client; nothing will be delivered");
            None
        }
    };
    let mut lanes: HashMap<String, UnboundedSender<Outgoing>> = HashMap::new();
    // Owning the lanes here means they end when the dispatcher is dropped.
    let mut running = JoinSet::new();
    while let Some(delivery) = queue.recv().await {
        let lane = lanes
            .entry(delivery.endpoint_id.clone())
            .or_insert_with(|| {
                let (send, receive) = unbounded_channel();
                running.spawn(lane(receive, client.clone(), policy, Arc::clone(&counts)));
                send
            });
        // A lane runs until its sender, kept in `lanes`, is dropped, so this cannot fail.
        let _sent = lane.send(delivery);
    }
}

/// The HTTP client of deliveries: the policy's timeout per attempt, no proxy (the receivers of
/// tests are on loopback, and a proxy would change what "reachable" means).
fn client(policy: &WebhookPolicy) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(policy.timeout)
        .user_agent(USER_AGENT)
        .no_proxy()
        .build()
}

/// Delivers one endpoint's events in order.
async fn lane(
    mut deliveries: UnboundedReceiver<Outgoing>,
    client: Option<reqwest::Client>,
    policy: WebhookPolicy,
    counts: Arc<DeliveryCounts>,
) {
    while let Some(delivery) = deliveries.recv().await {
        let delivered = match &client {
            Some(client) => deliver(client, &policy, &counts, &delivery).await,
            None => false,
        };
        let count = if delivered {
            &counts.delivered
        } else {
            tracing::warn!(
                endpoint = %delivery.endpoint_id,
                event = %delivery.event_id,
                "ittybit-mock gave up delivering an event"
            );
            &counts.failed
        };
        count.fetch_add(1, Ordering::Relaxed);
    }
}

/// Tries to deliver one event up to `policy.attempts` times; whether an attempt got a `2xx`.
async fn deliver(
    client: &reqwest::Client,
    policy: &WebhookPolicy,
    counts: &DeliveryCounts,
    delivery: &Outgoing,
) -> bool {
    let mut attempt: u32 = 1;
    loop {
        counts.attempts.fetch_add(1, Ordering::Relaxed);
        let answer = client
            .post(&delivery.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(delivery.body.clone())
            .send()
            .await;
        match answer {
            Ok(response) if response.status().is_success() => return true,
            Ok(response) => tracing::debug!(
                endpoint = %delivery.endpoint_id,
                event = %delivery.event_id,
                attempt,
                status = response.status().as_u16(),
                "webhook delivery refused"
            ),
            Err(err) => tracing::debug!(
                endpoint = %delivery.endpoint_id,
                event = %delivery.event_id,
                attempt,
                %err,
                "webhook delivery failed"
            ),
        }
        if attempt >= policy.attempts {
            return false;
        }
        tokio::time::sleep(policy.delay_after(attempt)).await;
        attempt = attempt.saturating_add(1);
    }
}
