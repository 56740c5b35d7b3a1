//! The trait every API resource implements; `#[resource]` writes the impl.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// An API resource: where it lives, how to find its id, and how its lists are filtered.
///
/// `#[resource(path = "/tasks")]` implements this trait; writing the impl by hand works too:
///
/// ```
/// use ittybit_runtime::{NoFilters, Resource};
///
/// #[derive(serde::Deserialize)]
/// struct Widget {
///     id: String,
/// }
///
/// impl Resource for Widget {
///     const PATH: &'static str = "/widgets";
///     type Filters = NoFilters;
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
    /// The collection path, e.g. `/tasks`. Item paths are `{PATH}/{id}`.
    const PATH: &'static str;

    /// The typed filters merged into list queries ([`NoFilters`] when there are none).
    type Filters: Serialize + Default + Clone + Send + Sync + 'static;

    /// The resource's id, the cursor for the next page.
    fn id(&self) -> &str;
}

/// The filter type of resources whose lists take no filters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NoFilters {}
