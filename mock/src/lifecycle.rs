//! How tasks and runs come to life and move forward: creation, status steps (per read or by
//! elapsed time), run status derivation, seeding, and the events all of this records.

use std::time::Instant;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::resources::events::Event;
use crate::resources::runs::{self, Run, RunTask};
use crate::resources::tasks::{self, NewTask, StepEvent, Task, TaskStatus};
use crate::seed::TaskSeed;
use crate::store::{Store, now_unix};

impl Store {
    /// Creates a run holding `new` tasks (the first created first), records `run.created` and one
    /// `task.created` per task, and returns the run id and the task ids.
    pub(crate) fn create_run(
        &mut self,
        new: Vec<NewTask>,
        metadata: Map<String, Value>,
        created_by: Option<String>,
    ) -> (String, Vec<String>) {
        let now = now_unix();
        let run_id = Self::new_id(&mut self.rng, &self.runs, "run_");
        let mut task_ids: Vec<String> = Vec::with_capacity(new.len());
        let mut summaries = Vec::with_capacity(new.len());
        for spec in new {
            let id = Self::new_id(&mut self.rng, &self.tasks, "task_");
            let fails = spec.url.as_deref().is_some_and(|url| url.contains("fail"));
            let task = Task {
                id: id.clone(),
                object: "task",
                kind: spec.kind,
                status: TaskStatus::Waiting,
                run_id: run_id.clone(),
                parent_id: spec.parent.and_then(|i| task_ids.get(i).cloned()),
                progress: Some(0),
                options: spec.options,
                inputs: spec
                    .url
                    .map(|url| json!({ "url": url }))
                    .into_iter()
                    .collect(),
                outputs: Vec::new(),
                metadata: spec.metadata,
                error: None,
                created_at: now,
                started_at: None,
                finished_at: None,
                updated_at: now,
                created_by: created_by.clone(),
                fails,
            };
            summaries.push(RunTask {
                id: id.clone(),
                kind: task.kind.clone(),
                status: task.status.clone(),
                progress: task.progress,
            });
            self.insert_task(task);
            task_ids.push(id);
        }
        let (status, progress) = runs::derive(&summaries);
        let run = Run {
            id: run_id.clone(),
            object: "run",
            status,
            progress,
            tasks: summaries,
            metadata,
            error: None,
            created_by,
            created_at: now,
            started_at: None,
            finished_at: None,
            updated_at: now,
        };
        let run_data = snapshot(&run);
        let seq = self.next_seq();
        self.runs.insert(seq, run);
        self.record_event("run.created", run_data, now);
        for id in &task_ids {
            if let Some(task) = self.tasks.get(id) {
                let task_data = snapshot(task);
                self.record_event("task.created", task_data, now);
            }
        }
        (run_id, task_ids)
    }

    /// Inserts seeded tasks (no events) and returns their ids in creation order.
    pub(crate) fn seed(&mut self, seeds: impl IntoIterator<Item = TaskSeed>) -> Vec<String> {
        let now = now_unix();
        seeds
            .into_iter()
            .map(|seed| {
                let id = Self::new_id(&mut self.rng, &self.tasks, "task_");
                let run_id = seed
                    .run_id
                    .unwrap_or_else(|| Self::new_id(&mut self.rng, &self.runs, "run_"));
                let status = TaskStatus::parse(&seed.status);
                let (progress, started_at, finished_at, error) = match status {
                    TaskStatus::Waiting | TaskStatus::Validating | TaskStatus::Queued => {
                        (Some(0), None, None, None)
                    }
                    TaskStatus::Processing => (Some(50), Some(now), None, None),
                    TaskStatus::Finishing => (Some(90), Some(now), None, None),
                    TaskStatus::Succeeded => (Some(100), Some(now), Some(now), None),
                    TaskStatus::Failed => (Some(50), Some(now), Some(now), Some(tasks::failure())),
                    TaskStatus::Cancelled => (Some(0), None, Some(now), None),
                    TaskStatus::Other(_) => (None, None, None, None),
                };
                self.insert_task(Task {
                    id: id.clone(),
                    object: "task",
                    kind: seed.kind,
                    status,
                    run_id,
                    parent_id: None,
                    progress,
                    options: Map::new(),
                    inputs: Vec::new(),
                    outputs: Vec::new(),
                    metadata: Map::new(),
                    error,
                    created_at: now,
                    started_at,
                    finished_at,
                    updated_at: now,
                    created_by: seed.created_by,
                    fails: false,
                });
                id
            })
            .collect()
    }

    /// Stores a task and, when statuses advance with time, schedules its first step.
    fn insert_task(&mut self, task: Task) {
        let steps = !task.status.is_terminal() && !matches!(task.status, TaskStatus::Other(_));
        let seq = self.next_seq();
        self.tasks.insert(seq, task);
        if let Some(interval) = self.step_interval().filter(|_| steps) {
            self.due.insert((Instant::now() + interval, seq));
        }
    }

    /// Moves the task one step and updates its run. Returns whether the task exists.
    pub(crate) fn step_task(&mut self, id: &str) -> bool {
        let Some(seq) = self.tasks.seq_of(id) else {
            return false;
        };
        let now = now_unix();
        if let Some(run_id) = self.step_task_seq(seq, now) {
            self.sync_run(&run_id, now);
        }
        true
    }

    /// Moves every task of the run one step, then updates the run once. Returns whether the run
    /// exists.
    pub(crate) fn step_run(&mut self, id: &str) -> bool {
        let Some(run) = self.runs.get(id) else {
            return false;
        };
        let ids: Vec<String> = run.tasks.iter().map(|task| task.id.clone()).collect();
        let now = now_unix();
        let mut changed = false;
        for task_id in ids {
            if let Some(seq) = self.tasks.seq_of(&task_id) {
                changed |= self.step_task_seq(seq, now).is_some();
            }
        }
        if changed {
            self.sync_run(id, now);
        }
        true
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
                let finished = self
                    .tasks
                    .by_seq_mut(seq)
                    .is_none_or(|task| task.status.is_terminal());
                if !finished {
                    self.due.insert((due + interval, seq));
                }
            }
        }
    }

    /// Moves one task a step, recording its event. Returns its run id if it moved.
    fn step_task_seq(&mut self, seq: u64, now: i64) -> Option<String> {
        let task = self.tasks.by_seq_mut(seq)?;
        let event = task.step(now)?;
        let kind = match event {
            StepEvent::Updated => "task.updated",
            StepEvent::Succeeded => "task.succeeded",
            StepEvent::Failed => "task.failed",
        };
        let run_id = task.run_id.clone();
        let data = snapshot(&*task);
        self.record_event(kind, data, now);
        Some(run_id)
    }

    /// Refreshes a run's task summaries and derived fields; records an event if its status
    /// changed.
    fn sync_run(&mut self, run_id: &str, now: i64) {
        let Some(run) = self.runs.get(run_id) else {
            return;
        };
        let mut summaries = run.tasks.clone();
        let mut failed_task = None;
        for summary in &mut summaries {
            if let Some(task) = self.tasks.get(&summary.id) {
                summary.status = task.status.clone();
                summary.progress = task.progress;
                if task.status == TaskStatus::Failed && failed_task.is_none() {
                    failed_task = Some(task.id.clone());
                }
            }
        }
        let (status, progress) = runs::derive(&summaries);
        let Some(run) = self.runs.get_mut(run_id) else {
            return;
        };
        run.tasks = summaries;
        run.progress = progress;
        run.updated_at = now;
        if run.status == status {
            return;
        }
        if matches!(status, TaskStatus::Processing) || status.is_terminal() {
            run.started_at.get_or_insert(now);
        }
        if status.is_terminal() {
            run.finished_at = Some(now);
        }
        if status == TaskStatus::Failed {
            run.error = failed_task.as_deref().map(runs::failure);
        }
        let kind = match status {
            TaskStatus::Succeeded => "run.succeeded",
            TaskStatus::Failed => "run.failed",
            _ => "run.updated",
        };
        run.status = status;
        let data = snapshot(&*run);
        self.record_event(kind, data, now);
    }

    /// Records an event.
    fn record_event(&mut self, kind: &'static str, data: Value, now: i64) {
        let event = Event {
            id: Self::new_id(&mut self.rng, &self.events, "evt_"),
            object: "event",
            kind,
            data,
            created_at: now,
        };
        let seq = self.next_seq();
        self.events.insert(seq, event);
    }
}

/// A JSON snapshot of a task or run for an event's `data`.
fn snapshot<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
