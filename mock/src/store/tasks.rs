//! The store's side of the task lifecycle: creating runs with their tasks, seeding, applying
//! status steps (per read or by elapsed time) and recording the events they cause. What each
//! step changes is decided in [`crate::model::lifecycle`]; here it is looked up and committed.
//!
//! Every mutation is computed first and committed with infallible inserts, so a request never
//! leaves a half-written store.
//!
//! The outbox: which endpoints each newly recorded event goes to. The store notes every event
//! it records; the state takes the resulting deliveries after each locked use of the store and
//! hands them to the background sender, so a request never waits for a delivery.

use std::time::Instant;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::TaskSeed;
use crate::model::objects::WebhookEndpoint;
use crate::model::task::{Event, NewTask, Run, Task};
use crate::model::{Resource, lifecycle};
use crate::store::collection::{Collection, Order};
use crate::store::{Store, now_unix};

/// Who asked for a run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    /// The id of the created key that asked, or `None` for the server's own key.
    pub(crate) created_by: Option<String>,
    /// The automation whose workflow the run runs, if any.
    pub(crate) automation_id: Option<String>,
}

impl Store {
    /// Creates a run holding `new` tasks (the first created first), records `run.created` and one
    /// `task.created` per task, and returns the run.
    pub(crate) fn create_run(
        &mut self,
        new: Vec<NewTask>,
        metadata: Map<String, Value>,
        origin: Origin,
    ) -> &Run {
        let now = now_unix();
        let run_id = self.runs.fresh_id(&mut self.ids);
        let mut tasks: Vec<Task> = Vec::with_capacity(new.len());
        for spec in new {
            let id = self.ids.fresh_id(Task::PREFIX, |id| {
                self.tasks.contains(id) || tasks.iter().any(|task| task.id == id)
            });
            let parent_id = spec
                .parent
                .and_then(|index| tasks.get(index))
                .map(|parent| parent.id.clone());
            let created_by = origin.created_by.clone();
            tasks.push(lifecycle::new_task(
                id,
                run_id.clone(),
                spec,
                parent_id,
                created_by,
                now,
            ));
        }
        let summaries = tasks.iter().map(lifecycle::summary).collect();
        let run = lifecycle::new_run(
            run_id,
            summaries,
            metadata,
            origin.created_by,
            origin.automation_id,
            now,
        );
        let mut events = Vec::with_capacity(tasks.len().saturating_add(1));
        events.push(("run.created", snapshot(&run)));
        events.extend(tasks.iter().map(|task| ("task.created", snapshot(task))));

        for task in tasks {
            self.insert_task(task);
        }
        let run_seq = self.ids.next_seq();
        for (kind, data) in events {
            self.record_event(kind, data, now);
        }
        self.runs.insert(run_seq, run)
    }

    /// Inserts seeded tasks (no events) and returns their ids in creation order.
    pub(crate) fn seed(&mut self, seeds: impl IntoIterator<Item = TaskSeed>) -> Vec<String> {
        let now = now_unix();
        seeds
            .into_iter()
            .map(|seed| {
                let id = self.tasks.fresh_id(&mut self.ids);
                let run_id = match &seed.run_id {
                    Some(run_id) => run_id.clone(),
                    None => self.runs.fresh_id(&mut self.ids),
                };
                self.insert_task(lifecycle::seeded_task(id.clone(), run_id, seed, now));
                id
            })
            .collect()
    }

    /// Stores a task and, when statuses advance with time, schedules its first step (none when
    /// the interval reaches past the end of time).
    fn insert_task(&mut self, task: Task) {
        let first_step = self
            .step_interval()
            .filter(|_| task.status.can_advance())
            .and_then(|interval| Instant::now().checked_add(interval));
        let seq = self.ids.next_seq();
        self.tasks.insert(seq, task);
        if let Some(due) = first_step {
            self.due.insert((due, seq));
        }
    }

    /// Moves the task (if it exists) one step and updates its run.
    pub(crate) fn step_task(&mut self, id: &str) {
        let Some(seq) = self.tasks.seq_of(id) else {
            return;
        };
        let now = now_unix();
        if let Some(run_id) = self.step_task_seq(seq, now) {
            self.sync_run(&run_id, now);
        }
    }

    /// Moves every task of the run (if it exists) one step, then updates the run once.
    pub(crate) fn step_run(&mut self, id: &str) {
        let Some(run) = self.runs.get(id) else {
            return;
        };
        let seqs: Vec<u64> = run
            .tasks
            .iter()
            .filter_map(|task| self.tasks.seq_of(&task.id))
            .collect();
        let now = now_unix();
        let mut changed = false;
        for seq in seqs {
            changed |= self.step_task_seq(seq, now).is_some();
        }
        if changed {
            self.sync_run(id, now);
        }
    }

    /// With [`Advance::Every`](crate::Advance::Every): applies every step due by `now`.
    pub(crate) fn catch_up(&mut self, now: Instant) {
        let Some(interval) = self.step_interval() else {
            return;
        };
        while let Some(&(due, seq)) = self.due.first() {
            if due > now {
                break;
            }
            self.due.pop_first();
            let unix = now_unix();
            if let Some(run_id) = self.step_task_seq(seq, unix) {
                self.sync_run(&run_id, unix);
                let moves_on = self
                    .tasks
                    .by_seq(seq)
                    .is_some_and(|task| task.status.can_advance());
                if let Some(next) = due.checked_add(interval).filter(|_| moves_on) {
                    self.due.insert((next, seq));
                }
            }
        }
    }

    /// Moves one task a step, recording its event. Returns its run id if it moved.
    fn step_task_seq(&mut self, seq: u64, now: i64) -> Option<String> {
        let task = self.tasks.by_seq_mut(seq)?;
        let kind = lifecycle::step(task, now)?;
        let run_id = task.run_id.clone();
        let data = snapshot(&*task);
        self.record_event(kind, data, now);
        Some(run_id)
    }

    /// Refreshes a run from its tasks; records an event if its status changed.
    fn sync_run(&mut self, run_id: &str, now: i64) {
        let Some(run) = self.runs.get_mut(run_id) else {
            return;
        };
        let tasks = &self.tasks;
        if let Some(kind) = lifecycle::refresh(run, |id| tasks.get(id), now) {
            let data = snapshot(&*run);
            self.record_event(kind, data, now);
        }
    }

    /// Records an event, and notes it for delivery to webhook endpoints.
    fn record_event(&mut self, kind: &'static str, data: Value, now: i64) {
        let id = self
            .create(|id| Event {
                id,
                object: "event",
                kind,
                data,
                created_at: now,
            })
            .id
            .clone();
        self.note_recorded(id);
    }
}

/// A JSON snapshot of a task or run for an event's `data`.
fn snapshot<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

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
