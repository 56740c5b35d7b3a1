//! The trait every API resource implements; `#[resource]` writes the impl.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// An API resource: where it lives, how to find its id, and how its lists are filtered.
///
/// `#[resource(path = "/tasks")]` implements this trait; writing the impl by hand works too:
///
/// ```
/// use ittybit_runtime::__private::NoFilters;
/// use ittybit_runtime::Resource;
///
/// #[derive(serde::Deserialize)]
/// struct Widget {
///     id: String,
/// }
///
/// impl Resource for Widget {
///     const PATH: &'static str = "/widgets";
///     type Filters = NoFilters;
///     type Id = str;
///     fn id(&self) -> &str {
///         &self.id
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an API resource",
    label = "not a resource",
    note = "add `#[resource(path = \"/…\")]` to the struct"
)]
pub trait Resource: DeserializeOwned + Send + 'static {
    /// The collection path, e.g. `/tasks`; item paths are `{PATH}/{id}`. A nested one names its
    /// parents' ids as whole-segment placeholders: `/automations/{automation_id}/runs`.
    const PATH: &'static str;

    /// The typed filters merged into list queries ([`NoFilters`] when there are none).
    type Filters: Serialize + Default + Clone + Send + Sync + 'static;

    /// The type of the id: anything that displays as its text (`str`, `u64`, a UUID, …).
    type Id: fmt::Display + ?Sized;

    /// The resource's id, the cursor for the next page (`after=<id>`).
    fn id(&self) -> &Self::Id;
}

/// An item of a list: what a walk needs to continue after it (`after=<id>`). Every [`Resource`]
/// is one; so is `serde_json::Value`, whose id is its `"id"` string or number
/// (empty without one), for the untyped walks of [`ApiPath::stream`](crate::ApiPath::stream).
pub trait ListItem: DeserializeOwned + Send + 'static {
    /// The type of the id.
    type Id: fmt::Display + ?Sized;

    /// The item's id, the cursor for the next page.
    fn list_id(&self) -> &Self::Id;
}

impl<T: Resource> ListItem for T {
    type Id = T::Id;

    fn list_id(&self) -> &T::Id {
        self.id()
    }
}

impl ListItem for serde_json::Value {
    type Id = dyn fmt::Display;

    fn list_id(&self) -> &Self::Id {
        match self.get("id") {
            Some(serde_json::Value::String(id)) => id,
            Some(serde_json::Value::Number(id)) => id,
            _ => &"",
        }
    }
}

/// The filter type of resources whose lists take no filters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NoFilters {}
