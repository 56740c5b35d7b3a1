//! The API's objects as plain data, and how their statuses move, as pure functions.

use serde::de::value::{Error, StrDeserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::config::TaskSeed;

/// Known task kinds, separated by spaces.
pub(crate) const TASK_KINDS: &str = "video adaptive_video image audio speech nsfw summary outline \
    subtitles chapters ingest conditions upload";

/// Known event kinds (also the valid webhook topics), separated by spaces.
pub(crate) const EVENT_KINDS: &str = "task.created task.updated task.succeeded task.failed \
    run.created run.updated run.succeeded run.failed";

/// A stored task; serializes to exactly the API's task fields.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Task {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) kind: String,
    pub(crate) status: TaskStatus,
    pub(crate) run_id: String,
    pub(crate) parent_id: Option<String>,
    pub(crate) progress: Option<u8>,
    pub(crate) options: Map<String, Value>,
    pub(crate) inputs: Vec<Value>,
    pub(crate) outputs: Vec<Value>,
    pub(crate) metadata: Map<String, Value>,
    pub(crate) error: Option<Value>,
    pub(crate) created_at: i64,
    pub(crate) started_at: Option<i64>,
    pub(crate) finished_at: Option<i64>,
    pub(crate) updated_at: i64,
    /// The key that created the task (only the `created_by` filter sees it).
    #[serde(skip)]
    pub(crate) created_by: Option<String>,
    /// Whether the task ends `failed` (its source URL contains `fail`).
    #[serde(skip)]
    pub(crate) fails: bool,
}

/// A task to create, before it has an id.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewTask {
    pub(crate) kind: String,
    pub(crate) options: Map<String, Value>,
    pub(crate) metadata: Map<String, Value>,
    /// The source media, listed in `inputs`; a URL containing `fail` makes the task fail.
    pub(crate) url: Option<String>,
    /// Index of the parent among the tasks created with it.
    pub(crate) parent: Option<usize>,
}

/// A task (or run) status; unknown values are kept as they are and never advance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TaskStatus {
    #[default]
    Waiting,
    Validating,
    Queued,
    Processing,
    Finishing,
    Succeeded,
    Failed,
    Cancelled,
    #[serde(untagged)]
    Other(String),
}

impl TaskStatus {
    /// Parses a status, keeping unknown values.
    pub(crate) fn parse(status: &str) -> Self {
        Self::deserialize(StrDeserializer::<Error>::new(status))
            .unwrap_or_else(|_| Self::Other(status.to_owned()))
    }

    /// `succeeded`, `failed` or `cancelled`.
    pub(crate) fn is_terminal(&self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }

    /// Known and not terminal.
    pub(crate) fn can_advance(&self) -> bool {
        !self.is_terminal() && !matches!(self, Self::Other(_))
    }
}

/// A stored run; serializes to exactly the API's run fields.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Run {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) status: TaskStatus,
    pub(crate) progress: Option<u8>,
    pub(crate) tasks: Vec<RunTask>,
    pub(crate) metadata: Map<String, Value>,
    pub(crate) error: Option<Value>,
    pub(crate) created_by: Option<String>,
    pub(crate) created_at: i64,
    pub(crate) started_at: Option<i64>,
    pub(crate) finished_at: Option<i64>,
    pub(crate) updated_at: i64,
    /// The automation that started the run (only `GET /automations/{id}/runs` sees it).
    #[serde(skip)]
    pub(crate) automation_id: Option<String>,
}

/// A task as summarised inside its run.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RunTask {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) status: TaskStatus,
    pub(crate) progress: Option<u8>,
}

/// A stored event; `data` is a snapshot of the task or run when the event happened.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Event {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) data: Value,
    pub(crate) created_at: i64,
}

/// A stored automation.
#[derive(Debug, Clone, Default, Serialize)]
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

impl Automation {
    /// The tasks of a run of the workflow on `url`, depth first (`conditions` go in `options`).
    pub(crate) fn tasks_for(&self, url: &str) -> Vec<NewTask> {
        fn add(steps: &[Value], source: &str, parent: Option<usize>, out: &mut Vec<NewTask>) {
            for body in steps.iter().filter_map(Value::as_object) {
                let mut options = map(body.get("options").cloned().unwrap_or_default());
                if let Some(conditions) = body.get("conditions").filter(|c| c.is_array()) {
                    options.insert("conditions".to_owned(), conditions.clone());
                }
                let index = out.len();
                let kind = body.get("kind").and_then(Value::as_str).unwrap_or("video");
                out.push(NewTask {
                    kind: kind.to_owned(),
                    options,
                    metadata: Map::new(),
                    url: Some(source.to_owned()),
                    parent,
                });
                if let Some(next) = body.get("next").and_then(Value::as_array) {
                    add(next, source, Some(index), out);
                }
            }
        }
        let mut out = Vec::new();
        add(&self.workflow, url, None, &mut out);
        out
    }
}

/// A stored key; the secret is never serialized with it.
#[derive(Debug, Clone, Default, Serialize)]
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

/// A stored webhook endpoint.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct WebhookEndpoint {
    pub(crate) id: String,
    pub(crate) object: &'static str,
    pub(crate) url: String,
    pub(crate) topics: Vec<String>,
    pub(crate) status: &'static str,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

impl WebhookEndpoint {
    /// Whether events of `kind` are delivered here (empty topics: every kind).
    pub(crate) fn receives(&self, kind: &str) -> bool {
        self.status == "active" && (self.topics.is_empty() || self.topics.iter().any(|t| t == kind))
    }
}

/// The delivery host of outputs: a reserved name, so no URL of the mock reaches a real server.
const CDN: &str = "https://cdn.ittybit.test";

/// The source a caller gave by URL, as the task lists it after probing it.
pub(crate) fn input_file(url: &str) -> Value {
    let filename = url.rsplit('/').next().filter(|name| !name.is_empty());
    json!({"kind": "url", "url": url, "filename": filename.unwrap_or("source")})
}

/// The source of a seeded task of `kind` (seeds carry no URL): a file on example.com.
fn seeded_input(kind: &str, task_id: &str) -> Value {
    let (extension, mimetype) = match kind {
        "image" => ("jpg", "image/jpeg"),
        "audio" | "speech" => ("wav", "audio/wav"),
        _ => ("mov", "video/quicktime"),
    };
    let mut file = input_file(&format!("https://example.com/media/{task_id}.{extension}"));
    file["mimetype"] = mimetype.into();
    file["filesize"] = 18_734_112.into();
    file
}

/// The file a succeeded task of `kind` produced, sized by its `options`, if any.
fn output_file(kind: &str, task_id: &str, options: &Map<String, Value>) -> Option<Value> {
    let (extension, mimetype) = match kind {
        "image" => ("webp", "image/webp"),
        "audio" => ("mp3", "audio/mpeg"),
        "speech" | "subtitles" => ("vtt", "text/vtt"),
        "nsfw" | "summary" | "outline" | "chapters" => ("json", "application/json"),
        "conditions" => return None,
        // video, adaptive_video, ingest, upload, and kinds the mock does not know.
        _ => ("mp4", "video/mp4"),
    };
    let id = format!("file_{}", task_id.trim_start_matches("task_"));
    let filename = format!("{kind}.{extension}");
    let size =
        |name: &str, default: u64| options.get(name).and_then(Value::as_u64).unwrap_or(default);
    let details = match mimetype {
        "video/mp4" => json!({
            "filesize": 4_382_921, "width": size("width", 1280), "height": size("height", 720),
            "duration": 31.4, "bitrate": 1_116_000, "framerate": 30,
            "codecs": {"video": {"name": "h264", "profile": "high", "level": "4.0"},
                       "audio": {"name": "aac", "sample_rate": 48_000, "channels": 2, "bitrate": 128_000}},
        }),
        "image/webp" => {
            json!({"filesize": 48_213, "width": size("width", 640), "height": size("height", 360)})
        }
        "audio/mpeg" => json!({
            "filesize": 502_912, "duration": 31.4, "bitrate": 128_000,
            "codecs": {"audio": {"name": "mp3", "sample_rate": 44_100, "channels": 2, "bitrate": 128_000}},
        }),
        _ => json!({"filesize": 2_048}),
    };
    let url = format!("{CDN}/{id}/{filename}");
    let mut file = map(details);
    let common = json!({"kind": "internal", "id": id, "url": url, "filename": filename});
    file.extend(map(common));
    file.insert("mimetype".to_owned(), mimetype.into());
    Some(Value::Object(file))
}

/// A task created through the API: `waiting`; it fails later if its source URL contains `fail`.
pub(crate) fn new_task(id: String, run_id: String, spec: NewTask, now: i64) -> Task {
    Task {
        id,
        object: "task",
        kind: spec.kind,
        run_id,
        progress: Some(0),
        options: spec.options,
        fails: spec.url.as_deref().is_some_and(|url| url.contains("fail")),
        inputs: spec.url.as_deref().map(input_file).into_iter().collect(),
        metadata: spec.metadata,
        created_at: now,
        updated_at: now,
        ..Task::default()
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
    let options = map(match seed.kind.as_str() {
        "video" | "adaptive_video" => {
            json!({"width": 1280, "height": 720, "format": "mp4", "quality": "high"})
        }
        "image" => json!({"width": 640, "format": "webp", "quality": "high"}),
        "audio" => json!({"format": "mp3", "bitrate": 128_000}),
        _ => json!({}),
    });
    let succeeded = status == TaskStatus::Succeeded;
    let outputs = succeeded.then(|| output_file(&seed.kind, &id, &options));
    // The caller's data: two keys, one of them varying with the task.
    let tail = id.get(id.len().saturating_sub(3)..).unwrap_or(&id);
    let metadata = map(json!({"customer": format!("c_{tail}"), "source": "upload"}));
    Task {
        inputs: vec![seeded_input(&seed.kind, &id)],
        outputs: outputs.into_iter().flatten().collect(),
        metadata,
        options,
        id,
        object: "task",
        kind: seed.kind,
        status,
        run_id,
        progress,
        error,
        created_at: now,
        started_at,
        finished_at,
        updated_at: now,
        created_by: seed.created_by,
        ..Task::default()
    }
}

/// Moves a task one step towards `succeeded` (or `failed`); returns the event kind to record.
pub(crate) fn step(task: &mut Task, now: i64) -> Option<&'static str> {
    use TaskStatus::{Failed, Finishing, Processing, Queued, Succeeded, Validating, Waiting};
    let (status, progress, event) = match task.status {
        Waiting | Validating => (Queued, Some(0), "task.updated"),
        Queued => (Processing, Some(50), "task.updated"),
        Processing | Finishing if task.fails => (Failed, task.progress, "task.failed"),
        Processing | Finishing => (Succeeded, Some(100), "task.succeeded"),
        _ => return None,
    };
    if status == Processing {
        task.started_at = Some(now);
    } else if status.is_terminal() {
        task.started_at.get_or_insert(now);
        task.finished_at = Some(now);
    }
    match status {
        Failed => task.error = Some(task_failure()),
        Succeeded => (task.outputs).extend(output_file(&task.kind, &task.id, &task.options)),
        _ => {}
    }
    (task.status, task.progress, task.updated_at) = (status, progress, now);
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

/// A new run of the tasks summarised (already created), with its status derived from them.
pub(crate) fn new_run(id: String, tasks: Vec<RunTask>, now: i64) -> Run {
    let (status, progress) = derive(&tasks);
    Run {
        id,
        object: "run",
        status,
        progress,
        tasks,
        created_at: now,
        updated_at: now,
        ..Run::default()
    }
}

/// Refreshes a run from its tasks; returns the event kind to record if its status changed.
pub(crate) fn refresh<'a>(
    run: &mut Run,
    task: impl Fn(&str) -> Option<&'a Task>,
    now: i64,
) -> Option<&'static str> {
    let mut failed_task = None;
    for listed in &mut run.tasks {
        if let Some(task) = task(&listed.id) {
            *listed = summary(task);
            let failed = task.status == TaskStatus::Failed;
            failed_task = failed_task.or(failed.then_some(task.id.as_str()));
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
        run.error = failed_task.map(
            |id| json!({"kind": "task_failed", "message": format!("The task `{id}` failed.")}),
        );
    }
    let kind = match status {
        TaskStatus::Succeeded => "run.succeeded",
        TaskStatus::Failed => "run.failed",
        _ => "run.updated",
    };
    run.status = status;
    Some(kind)
}

/// The status and progress (the mean of the tasks') of a run, derived from its tasks.
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
    let progresses = tasks.iter().map(|t| usize::from(t.progress.unwrap_or(0)));
    let total: usize = progresses.sum();
    let progress = match total.checked_div(tasks.len()) {
        Some(mean) if status != TaskStatus::Succeeded => u8::try_from(mean).unwrap_or(100),
        _ => 100,
    };
    (status, Some(progress))
}

/// The fields of a JSON object.
fn map(value: Value) -> Map<String, Value> {
    serde_json::from_value(value).unwrap_or_default()
}

/// The `error` object of a failed task.
fn task_failure() -> Value {
    json!({
        "kind": "processing_failed",
        "message": "Decoder failed at frame 1184: the source media could not be processed.",
    })
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

#[cfg(test)]
mod media_tests {
    use super::*;

    #[test]
    fn outputs_follow_the_kind_and_the_options() {
        let mut options = Map::new();
        options.insert("width".into(), 1920.into());
        let video = output_file("video", "task_abc", &options).unwrap();
        assert_eq!(video["url"], "https://cdn.ittybit.test/file_abc/video.mp4");
        assert_eq!(
            (video["width"].clone(), video["height"].clone()),
            (1920.into(), 720.into())
        );
        assert_eq!(video["codecs"]["video"]["name"], "h264");
        let image = output_file("image", "task_abc", &Map::new()).unwrap();
        assert_eq!(image["mimetype"], "image/webp");
        assert!(image.get("duration").is_none());
        assert_eq!(
            output_file("subtitles", "task_x", &Map::new()).unwrap()["mimetype"],
            "text/vtt"
        );
        assert!(output_file("conditions", "task_x", &Map::new()).is_none());
    }

    #[test]
    fn inputs_name_their_file() {
        assert_eq!(
            input_file("https://example.com/a/b.mp4"),
            json!({"kind": "url", "url": "https://example.com/a/b.mp4", "filename": "b.mp4"})
        );
        assert_eq!(input_file("https://example.com/")["filename"], "source");
        assert_eq!(seeded_input("image", "task_1")["mimetype"], "image/jpeg");
    }
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
            (
                serde_json::to_value(&status)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned(),
                progress,
            )
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
