//! The status a task or run is in, as written on the wire.

use serde::{Serialize, Serializer};

/// A task (or run) status; unknown values are kept as they are and never advance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TaskStatus {
    Waiting,
    Validating,
    Queued,
    Processing,
    Finishing,
    Succeeded,
    Failed,
    Cancelled,
    Other(String),
}

impl TaskStatus {
    /// Parses a status, keeping unknown values.
    pub(crate) fn parse(status: &str) -> Self {
        match status {
            "waiting" => Self::Waiting,
            "validating" => Self::Validating,
            "queued" => Self::Queued,
            "processing" => Self::Processing,
            "finishing" => Self::Finishing,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The wire form.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Waiting => "waiting",
            Self::Validating => "validating",
            Self::Queued => "queued",
            Self::Processing => "processing",
            Self::Finishing => "finishing",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Other(other) => other,
        }
    }

    /// `succeeded`, `failed` or `cancelled`.
    pub(crate) fn is_terminal(&self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }

    /// Whether the status can still move: known and not terminal.
    pub(crate) fn can_advance(&self) -> bool {
        !self.is_terminal() && !matches!(self, Self::Other(_))
    }
}

impl Serialize for TaskStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
