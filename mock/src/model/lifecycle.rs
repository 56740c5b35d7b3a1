//! How tasks and runs come to life and move forward, as pure functions on the models: a new or
//! seeded task's fields, one status step of a task, a run's status derived from its tasks, and
//! the event kind each change records. The store decides when to apply them.

use serde_json::{Map, Value, json};

use crate::config::TaskSeed;
use crate::model::media;
use crate::model::task::{NewTask, Run, RunTask, Task, TaskStatus};

/// A task created through the API: `waiting`, progress 0; it fails later if its source URL
/// contains `fail`.
pub(crate) fn new_task(
    id: String,
    run_id: String,
    spec: NewTask,
    parent_id: Option<String>,
    created_by: Option<String>,
    now: i64,
) -> Task {
    Task {
        id,
        object: "task",
        kind: spec.kind,
        status: TaskStatus::Waiting,
        run_id,
        parent_id,
        progress: Some(0),
        options: spec.options,
        fails: spec.url.as_deref().is_some_and(|url| url.contains("fail")),
        inputs: spec
            .url
            .as_deref()
            .map(media::input_file)
            .into_iter()
            .collect(),
        outputs: Vec::new(),
        metadata: spec.metadata,
        error: None,
        created_at: now,
        started_at: None,
        finished_at: None,
        updated_at: now,
        created_by,
    }
}

/// A seeded task, with the fields its status implies (see [`TaskSeed`]).
pub(crate) fn seeded_task(id: String, run_id: String, seed: TaskSeed, now: i64) -> Task {
    let status = TaskStatus::parse(&seed.status);
    let (progress, started_at, finished_at, error) = match status {
        TaskStatus::Waiting | TaskStatus::Validating | TaskStatus::Queued => {
            (Some(0), None, None, None)
        }
        TaskStatus::Processing => (Some(50), Some(now), None, None),
        TaskStatus::Finishing => (Some(90), Some(now), None, None),
        TaskStatus::Succeeded => (Some(100), Some(now), Some(now), None),
        TaskStatus::Failed => (Some(50), Some(now), Some(now), Some(task_failure())),
        TaskStatus::Cancelled => (Some(0), None, Some(now), None),
        TaskStatus::Other(_) => (None, None, None, None),
    };
    let options = media::seeded_options(&seed.kind);
    let outputs = match status {
        TaskStatus::Succeeded => media::output_file(&seed.kind, &id, &options),
        _ => None,
    };
    Task {
        inputs: vec![media::seeded_input(&seed.kind, &id)],
        outputs: outputs.into_iter().collect(),
        metadata: media::seeded_metadata(&id),
        options,
        id,
        object: "task",
        kind: seed.kind,
        status,
        run_id,
        parent_id: None,
        progress,
        error,
        created_at: now,
        started_at,
        finished_at,
        updated_at: now,
        created_by: seed.created_by,
        fails: false,
    }
}

/// Moves a task one step along `waiting → queued → processing → succeeded` (or `failed`),
/// returning the event kind to record, or `None` when it cannot move.
pub(crate) fn step(task: &mut Task, now: i64) -> Option<&'static str> {
    let event = match task.status {
        TaskStatus::Waiting | TaskStatus::Validating => {
            task.status = TaskStatus::Queued;
            task.progress = Some(0);
            "task.updated"
        }
        TaskStatus::Queued => {
            task.status = TaskStatus::Processing;
            task.progress = Some(50);
            task.started_at = Some(now);
            "task.updated"
        }
        TaskStatus::Processing | TaskStatus::Finishing => {
            task.started_at.get_or_insert(now);
            task.finished_at = Some(now);
            if task.fails {
                task.status = TaskStatus::Failed;
                task.error = Some(task_failure());
                "task.failed"
            } else {
                task.status = TaskStatus::Succeeded;
                task.progress = Some(100);
                task.outputs
                    .extend(media::output_file(&task.kind, &task.id, &task.options));
                "task.succeeded"
            }
        }
        TaskStatus::Succeeded
        | TaskStatus::Failed
        | TaskStatus::Cancelled
        | TaskStatus::Other(_) => return None,
    };
    task.updated_at = now;
    Some(event)
}

/// A task as its run lists it.
pub(crate) fn summary(task: &Task) -> RunTask {
    RunTask {
        id: task.id.clone(),
        kind: task.kind.clone(),
        status: task.status.clone(),
        progress: task.progress,
    }
}

/// A new run of `tasks` (already created), with its status derived from them.
pub(crate) fn new_run(
    id: String,
    tasks: Vec<RunTask>,
    metadata: Map<String, Value>,
    created_by: Option<String>,
    automation_id: Option<String>,
    now: i64,
) -> Run {
    let (status, progress) = derive(&tasks);
    Run {
        id,
        object: "run",
        status,
        progress,
        tasks,
        metadata,
        error: None,
        created_by,
        created_at: now,
        started_at: None,
        finished_at: None,
        updated_at: now,
        automation_id,
    }
}

/// Refreshes a run from the current state of its tasks (found with `task`); returns the event
/// kind to record when the run's status changed.
pub(crate) fn refresh<'a>(
    run: &mut Run,
    task: impl Fn(&str) -> Option<&'a Task>,
    now: i64,
) -> Option<&'static str> {
    let mut failed_task = None;
    for summary in &mut run.tasks {
        if let Some(task) = task(&summary.id) {
            summary.status = task.status.clone();
            summary.progress = task.progress;
            if task.status == TaskStatus::Failed && failed_task.is_none() {
                failed_task = Some(task.id.as_str());
            }
        }
    }
    let (status, progress) = derive(&run.tasks);
    run.progress = progress;
    run.updated_at = now;
    if run.status == status {
        return None;
    }
    if matches!(status, TaskStatus::Processing) || status.is_terminal() {
        run.started_at.get_or_insert(now);
    }
    if status.is_terminal() {
        run.finished_at = Some(now);
    }
    if status == TaskStatus::Failed {
        run.error = failed_task.map(run_failure);
    }
    let kind = match status {
        TaskStatus::Succeeded => "run.succeeded",
        TaskStatus::Failed => "run.failed",
        _ => "run.updated",
    };
    run.status = status;
    Some(kind)
}

/// The status and progress of a run, derived from its tasks.
///
/// All tasks finished: `failed` if any failed, else `cancelled` if none succeeded, else
/// `succeeded`. Otherwise `processing` once any task is processing or finished, `queued` once any
/// is queued or validating, else `waiting`. Progress is the mean of the tasks' progress.
pub(crate) fn derive(tasks: &[RunTask]) -> (TaskStatus, Option<u8>) {
    let all_terminal = tasks.iter().all(|task| task.status.is_terminal());
    let any = |wanted: &[TaskStatus]| tasks.iter().any(|task| wanted.contains(&task.status));
    let status = if all_terminal {
        if any(&[TaskStatus::Failed]) {
            TaskStatus::Failed
        } else if !tasks.is_empty() && !any(&[TaskStatus::Succeeded]) {
            TaskStatus::Cancelled
        } else {
            TaskStatus::Succeeded
        }
    } else if tasks.iter().any(|t| {
        t.status.is_terminal() || matches!(t.status, TaskStatus::Processing | TaskStatus::Finishing)
    }) {
        TaskStatus::Processing
    } else if any(&[TaskStatus::Queued, TaskStatus::Validating]) {
        TaskStatus::Queued
    } else {
        TaskStatus::Waiting
    };
    let total: usize = tasks
        .iter()
        .map(|task| usize::from(task.progress.unwrap_or(0)))
        .sum();
    let progress = match total.checked_div(tasks.len()) {
        Some(mean) if status != TaskStatus::Succeeded => u8::try_from(mean).unwrap_or(100),
        _ => 100,
    };
    (status, Some(progress))
}

/// The `error` object of a failed task.
fn task_failure() -> Value {
    json!({
        "kind": "processing_failed",
        "message": "Decoder failed at frame 1184: the source media could not be processed.",
    })
}

/// The `error` object of a failed run.
fn run_failure(task_id: &str) -> Value {
    json!({
        "kind": "task_failed",
        "message": format!("The task `{task_id}` failed."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(status: &str, progress: u8) -> RunTask {
        RunTask {
            id: String::new(),
            kind: "video".into(),
            status: TaskStatus::parse(status),
            progress: Some(progress),
        }
    }

    #[test]
    fn derives_status_and_progress() {
        let derived = |tasks: &[RunTask]| {
            let (status, progress) = derive(tasks);
            (status.as_str().to_owned(), progress)
        };
        assert_eq!(
            derived(&[task("waiting", 0), task("waiting", 0)]),
            ("waiting".into(), Some(0))
        );
        assert_eq!(
            derived(&[task("queued", 0), task("waiting", 0)]),
            ("queued".into(), Some(0))
        );
        assert_eq!(
            derived(&[task("processing", 50), task("queued", 0)]),
            ("processing".into(), Some(25))
        );
        assert_eq!(
            derived(&[task("succeeded", 100), task("queued", 0)]),
            ("processing".into(), Some(50))
        );
        assert_eq!(
            derived(&[task("succeeded", 100), task("failed", 50)]),
            ("failed".into(), Some(75))
        );
        assert_eq!(
            derived(&[task("succeeded", 100)]),
            ("succeeded".into(), Some(100))
        );
        assert_eq!(derived(&[]), ("succeeded".into(), Some(100)));
    }
}
