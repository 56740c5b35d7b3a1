//! Why a task or run failed: the `error` field of a failed task or run.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::JsonObject;

ittybit_runtime::open_enum! {
    /// What went wrong in a task or run (an open list: new kinds are kept as `Other`).
    pub enum TaskErrorKind {
        /// The media could not be processed.
        ProcessingFailed = "processing_failed",
        /// One of the run's tasks failed.
        TaskFailed = "task_failed",
    }
}

/// Why a task or run failed: the API's `{"kind", "message"}` object; a bare string (as some
/// examples show) decodes as a message with no kind. `Display` is one readable line:
///
/// ```
/// use ittybit::{TaskError, TaskErrorKind};
///
/// let error: TaskError = serde_json::from_str(
///     r#"{"kind":"processing_failed","message":"Decoder failed at frame 1184"}"#,
/// )?;
/// assert_eq!(error.kind, Some(TaskErrorKind::ProcessingFailed));
/// assert_eq!(error.to_string(), "processing_failed: Decoder failed at frame 1184");
///
/// let bare: TaskError = serde_json::from_str(r#""Source unreachable""#)?;
/// assert_eq!(bare.kind, None);
/// assert_eq!(bare.to_string(), "Source unreachable");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskError {
    /// What went wrong; `None` when the API sent only a message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<TaskErrorKind>,
    /// Human-readable detail.
    pub message: String,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Some(kind) => write!(f, "{kind}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for TaskError {}

/// The object form, decoded by serde's derive.
#[derive(Deserialize)]
struct ErrorObject {
    #[serde(default)]
    kind: Option<TaskErrorKind>,
    #[serde(default)]
    message: String,
    #[serde(flatten)]
    extra: JsonObject,
}

impl<'de> Deserialize<'de> for TaskError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectOrMessage;

        impl<'de> Visitor<'de> for ObjectOrMessage {
            type Value = TaskError;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error object or a message")
            }

            fn visit_str<E: serde::de::Error>(self, message: &str) -> Result<TaskError, E> {
                self.visit_string(message.to_owned())
            }

            fn visit_string<E: serde::de::Error>(self, message: String) -> Result<TaskError, E> {
                Ok(TaskError {
                    kind: None,
                    message,
                    extra: JsonObject::new(),
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TaskError, A::Error> {
                let ErrorObject {
                    kind,
                    message,
                    extra,
                } = ErrorObject::deserialize(MapAccessDeserializer::new(map))?;
                Ok(TaskError {
                    kind,
                    message,
                    extra,
                })
            }
        }

        deserializer.deserialize_any(ObjectOrMessage)
    }
}
