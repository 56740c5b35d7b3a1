//! Descriptions of tasks inserted directly into the store, bypassing the API.

/// A task to insert with [`MockServer::seed_tasks`](crate::MockServer::seed_tasks) or
/// [`MockConfig::seed_tasks`](crate::MockConfig::seed_tasks).
///
/// `kind` and `status` are taken as given, so unknown values (a `ready` status, a new kind) can
/// be seeded to exercise lenient decoding. Every seeded task looks like one the API would send:
/// one input file (a source on example.com), the `options` its kind typically has and two
/// `metadata` keys. Known statuses get consistent fields: `succeeded` has progress 100,
/// `started_at`/`finished_at` set and, for a kind that produces a file, one output file (on a
/// fake CDN, with mimetype, size, dimensions and duration by kind); `failed` has an `error`
/// object; `processing` has progress 50, `waiting`/`queued` have progress 0; unknown statuses
/// have progress `null` and never advance.
///
/// A seed without `run_id` gets a fresh `run_…` id that no stored run carries (seeding creates no
/// runs). `created_by` is only visible through the `created_by` filter of `GET /tasks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSeed {
    /// The task kind, e.g. `video`.
    pub kind: String,
    /// The task status, e.g. `succeeded`.
    pub status: String,
    /// The run the task belongs to; `None` for a fresh, unstored run id.
    pub run_id: Option<String>,
    /// The id of the key that created the task, if any.
    pub created_by: Option<String>,
}

/// Kinds cycled through by [`TaskSeed::many`].
const MANY_KINDS: [&str; 3] = ["video", "image", "audio"];
/// Statuses cycled through by [`TaskSeed::many`].
const MANY_STATUSES: [&str; 4] = ["succeeded", "failed", "processing", "queued"];

impl TaskSeed {
    /// A seed of the given kind and status, with no run and no creator.
    #[must_use]
    pub fn new(kind: impl Into<String>, status: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            status: status.into(),
            run_id: None,
            created_by: None,
        }
    }

    /// `n` deterministic seeds: item `i` has kind `["video", "image", "audio"][i % 3]` and status
    /// `["succeeded", "failed", "processing", "queued"][i % 4]`, no `run_id` and no `created_by`.
    /// Items are created in order, so item `n - 1` is the newest.
    #[must_use]
    pub fn many(n: usize) -> Vec<Self> {
        (0..n)
            .map(|i| {
                Self::new(
                    MANY_KINDS[i % MANY_KINDS.len()],
                    MANY_STATUSES[i % MANY_STATUSES.len()],
                )
            })
            .collect()
    }
}

impl Default for TaskSeed {
    /// A `video` task that has `succeeded`.
    fn default() -> Self {
        Self::new("video", "succeeded")
    }
}
