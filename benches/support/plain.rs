//! What the crate is compared with, written as a user would write them without the crate's
//! types: a plain `Task` of the documented fields for the hand-written client, and a small
//! resource declared downstream with `#[resource]`.

use bytes::Bytes;
use ittybit::{TaskStatus, resource};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A task as a hand-written client decodes it: the documented fields, `String`s and
/// `Option`s, `serde_json::Map` for `options` and `metadata`, serde's derive, no `flatten`
/// (unknown fields are dropped).
#[derive(Debug, Deserialize)]
pub(crate) struct PlainTask {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) object: String,
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) run_id: Option<String>,
    pub(crate) parent_id: Option<String>,
    pub(crate) progress: Option<f64>,
    #[serde(default)]
    pub(crate) options: Map<String, Value>,
    #[serde(default)]
    pub(crate) inputs: Vec<Value>,
    #[serde(default)]
    pub(crate) outputs: Vec<Value>,
    #[serde(default)]
    pub(crate) metadata: Map<String, Value>,
    pub(crate) error: Option<Value>,
    pub(crate) created_at: i64,
    pub(crate) started_at: Option<i64>,
    pub(crate) finished_at: Option<i64>,
    pub(crate) updated_at: Option<i64>,
}

/// `ittybit::Task` as it was declared before `ittybit::Deserialize`: the same fields under
/// serde's own derive, the unknown ones kept by `#[serde(flatten)]`. Shows what the derive saves.
#[derive(Debug, Deserialize)]
pub(crate) struct FlattenTask {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) object: String,
    pub(crate) kind: ittybit::TaskKind,
    pub(crate) status: TaskStatus,
    #[serde(default)]
    pub(crate) run_id: Option<String>,
    #[serde(default)]
    pub(crate) parent_id: Option<String>,
    #[serde(default)]
    pub(crate) progress: Option<f64>,
    #[serde(default)]
    pub(crate) options: Map<String, Value>,
    #[serde(default)]
    pub(crate) inputs: Vec<Value>,
    #[serde(default)]
    pub(crate) outputs: Vec<Value>,
    #[serde(default)]
    pub(crate) metadata: Map<String, Value>,
    #[serde(default)]
    pub(crate) error: Option<Value>,
    pub(crate) created_at: i64,
    #[serde(default)]
    pub(crate) started_at: Option<i64>,
    #[serde(default)]
    pub(crate) finished_at: Option<i64>,
    #[serde(default)]
    pub(crate) updated_at: Option<i64>,
    #[serde(flatten)]
    pub(crate) extra: Map<String, Value>,
}

/// A three-field view of `GET /tasks`, as a program that needs only these would declare it.
#[resource(path = "/tasks")]
#[derive(Debug, Deserialize)]
pub(crate) struct TaskBrief {
    pub(crate) id: String,
    pub(crate) status: TaskStatus,
    pub(crate) created_at: i64,
}

/// The page `body` with `options` and `metadata` filled in on every task, as tasks created
/// with settings and the caller's own data carry them (the mock's seeded tasks have them
/// empty); and with `unknown`, three fields this version does not know on every task, as a
/// newer API would send them.
pub(crate) fn enrich(body: &[u8], unknown: bool) -> Bytes {
    let mut tasks: Vec<Value> = serde_json::from_slice(body).expect("a page of tasks");
    for (i, task) in tasks.iter_mut().enumerate() {
        task["options"] = json!({"width": 1280, "height": 720, "format": "mp4", "quality": 80});
        task["metadata"] =
            json!({"customer": format!("c_{i}"), "batch": "b_7", "source": "upload"});
        if unknown {
            task["priority"] = json!(3);
            task["labels"] = json!(["night", "batch"]);
            task["billing"] = json!({"credits": 1.5, "plan": "pro"});
        }
    }
    Bytes::from(serde_json::to_vec(&tasks).expect("JSON"))
}
