//! What the crate is compared with, written as a user would write them without the crate's
//! types: a plain `Task` of the documented fields (files and error typed as the user's own
//! structs) for the hand-written client, and a small resource declared downstream with
//! `#[resource]`.

use bytes::Bytes;
use ittybit::{TaskStatus, resource};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A task as a hand-written client decodes it: the documented fields, its files, their codecs
/// and its error as the user's own plain structs, `String`s and `Option`s, `serde_json::Map`
/// for `options` and `metadata`, timestamps as `i64`, serde's derive, no `flatten` (unknown
/// fields are dropped).
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
    pub(crate) inputs: Vec<PlainFile>,
    #[serde(default)]
    pub(crate) outputs: Vec<PlainFile>,
    #[serde(default)]
    pub(crate) metadata: Map<String, Value>,
    pub(crate) error: Option<PlainError>,
    pub(crate) created_at: i64,
    pub(crate) started_at: Option<i64>,
    pub(crate) finished_at: Option<i64>,
    pub(crate) updated_at: Option<i64>,
}

/// A file object, every documented field.
#[derive(Debug, Deserialize)]
pub(crate) struct PlainFile {
    pub(crate) kind: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) url: String,
    pub(crate) filename: Option<String>,
    pub(crate) filesize: Option<u64>,
    pub(crate) mimetype: Option<String>,
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    pub(crate) duration: Option<f64>,
    pub(crate) bitrate: Option<u64>,
    pub(crate) framerate: Option<f64>,
    pub(crate) codecs: Option<PlainCodecs>,
}

/// A file's codecs.
#[derive(Debug, Deserialize)]
pub(crate) struct PlainCodecs {
    pub(crate) video: Option<PlainVideoCodec>,
    pub(crate) audio: Option<PlainAudioCodec>,
}

/// A video codec.
#[derive(Debug, Deserialize)]
pub(crate) struct PlainVideoCodec {
    pub(crate) name: String,
    pub(crate) profile: Option<String>,
    pub(crate) level: Option<String>,
}

/// An audio codec.
#[derive(Debug, Deserialize)]
pub(crate) struct PlainAudioCodec {
    pub(crate) name: String,
    pub(crate) sample_rate: Option<u32>,
    pub(crate) channels: Option<u32>,
    pub(crate) bitrate: Option<u64>,
}

/// A failed task's error.
#[derive(Debug, Deserialize)]
pub(crate) struct PlainError {
    pub(crate) kind: String,
    pub(crate) message: String,
}

/// A three-field view of `GET /tasks`, as a program that needs only these would declare it.
#[resource(path = "/tasks")]
#[derive(Debug, Deserialize)]
pub(crate) struct TaskBrief {
    pub(crate) id: String,
    pub(crate) status: TaskStatus,
    pub(crate) created_at: i64,
}

/// The page `body` with three fields this version does not know on every task, as a newer API
/// would send them (kept by `Task`, dropped by `PlainTask`).
pub(crate) fn with_unknown_fields(body: &[u8]) -> Bytes {
    let mut tasks: Vec<Value> = serde_json::from_slice(body).expect("a page of tasks");
    for task in &mut tasks {
        task["priority"] = json!(3);
        task["labels"] = json!(["night", "batch"]);
        task["billing"] = json!({"credits": 1.5, "plan": "pro"});
    }
    Bytes::from(serde_json::to_vec(&tasks).expect("JSON"))
}
