//! The wall clock, in the API's Unix seconds.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time in Unix seconds (0 before 1970, `i64::MAX` in the far future).
pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
