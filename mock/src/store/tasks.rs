//! The store's side of the task lifecycle: creating runs with their tasks, seeding, applying
//! status steps (per read or by elapsed time) and recording the events they cause. What each
//! step changes is decided in [`crate::model::lifecycle`]; here it is looked up and committed.
//!
//! Every mutation is computed first and committed with infallible inserts, so a request never
//! leaves a half-written store.

use std::time::Instant;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::event::Event;
use crate::model::lifecycle;
use crate::model::resource::Resource;
use crate::model::run::Run;
use crate::model::task::{NewTask, Task};
use crate::seed::TaskSeed;
use crate::store::Store;
use crate::store::clock::now_unix;

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
