//! What the crate is compared with, written as a user would write them without the crate's
//! types: a plain `Task` of the documented fields for the hand-written client, and a small
//! resource declared downstream with `#[resource]`.

use ittybit::{TaskStatus, resource};
use serde::Deserialize;
use serde_json::{Map, Value};

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

/// A three-field view of `GET /tasks`, as a program that needs only these would declare it.
#[resource(path = "/tasks")]
#[derive(Debug, Deserialize)]
pub(crate) struct TaskBrief {
    pub(crate) id: String,
    pub(crate) status: TaskStatus,
    pub(crate) created_at: i64,
}
