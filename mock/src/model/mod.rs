//! The API's objects as plain data, and the rules by which their statuses move. Nothing here
//! knows about HTTP or storage: the store applies these rules, the routes serialize the objects.
//!
//! Every stored object has an id with a prefix and names for messages: [`Resource`].

pub(crate) mod lifecycle;
pub(crate) mod media;
pub(crate) mod objects;
pub(crate) mod task;

/// A stored object of one of the API's resources.
///
/// Adding a resource means a model implementing this trait, a [`Collection`] of it in the
/// store and a routes module; ids, pagination and not-found errors follow from the constants.
///
/// [`Collection`]: crate::store::collection::Collection
pub(crate) trait Resource {
    /// The id prefix, e.g. `task_`.
    const PREFIX: &'static str;
    /// The resource's name in messages, e.g. `webhook endpoint`.
    const NOUN: &'static str;
    /// The error kind of a `404` for an unknown id, e.g. `task_not_found`.
    const NOT_FOUND: &'static str;

    /// The object's id, e.g. `task_k3j9x0a2b7c4d1e8`.
    fn id(&self) -> &str;
}

/// Implements [`Resource`] for a model with an `id: String` field:
/// `resource!(Task, "task_", "task", "task_not_found");`.
macro_rules! resource {
    ($model:ty, $prefix:literal, $noun:literal, $not_found:literal) => {
        impl $crate::model::Resource for $model {
            const PREFIX: &'static str = $prefix;
            const NOUN: &'static str = $noun;
            const NOT_FOUND: &'static str = $not_found;

            fn id(&self) -> &str {
                &self.id
            }
        }
    };
}

pub(crate) use resource;
