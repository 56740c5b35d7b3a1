//! Runs: a stored run and the summary of each of its tasks.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::resource::resource;
use crate::model::status::TaskStatus;

/// A stored run; serializes to exactly the API's run fields.
#[derive(Debug, Clone, Serialize)]
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
    /// The automation that started the run, if any (only `GET /automations/{id}/runs` sees it).
    #[serde(skip)]
    pub(crate) automation_id: Option<String>,
}

resource!(Run, "run_", "run", "run_not_found");

/// A task as summarised inside its run.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RunTask {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) status: TaskStatus,
    pub(crate) progress: Option<u8>,
}
