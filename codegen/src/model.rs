//! Model: a resource as the emitter sees it, checked and complete.

use syn::{Field, Generics, Ident, Path, Type, Visibility};

/// A `#[resource]` struct as the emitter sees it. Complete when the attribute had no problem;
/// otherwise what could be read of it, for the fallback expansion.
#[allow(clippy::struct_excessive_bools)] // the switches of the attribute
pub(crate) struct Resource {
    pub(crate) ident: Ident,
    /// The struct's visibility, which the methods take too.
    pub(crate) vis: Visibility,
    /// Type and const parameters only: lifetimes are refused.
    pub(crate) generics: Generics,
    /// The path every generated item is named through, e.g. `::ittybit`.
    pub(crate) root: Path,
    /// The collection path, e.g. `/widgets` or `/automations/{automation_id}/runs`.
    pub(crate) path: String,
    /// The names of the path's placeholders, in path order: a parameter of every method.
    pub(crate) params: Vec<Ident>,
    /// A resource without an id (`/account`): no `Resource` impl, no list.
    pub(crate) singleton: bool,
    /// The id field; `None` for a singleton, or when it could not be found (reported already).
    pub(crate) id: Option<Field>,
    /// `None` for the runtime's `NoFilters`.
    pub(crate) filters: Option<Type>,
    pub(crate) get: bool,
    /// `list`, `stream` and `pages`.
    pub(crate) list: bool,
    pub(crate) create: Option<Type>,
    pub(crate) update: Option<Type>,
    pub(crate) delete: bool,
    pub(crate) actions: Vec<Action>,
}

/// A custom operation, e.g. `POST /automations/{id}/run`.
pub(crate) struct Action {
    pub(crate) name: Ident,
    /// One of [`METHODS`].
    pub(crate) method: &'static str,
    /// The path after the resource path, e.g. `/{id}/run`.
    pub(crate) suffix: String,
    /// Whether the suffix holds `{id}` (the method then takes an id).
    pub(crate) takes_id: bool,
    pub(crate) body: Option<Type>,
    /// `None` for the resource itself.
    pub(crate) returns: Option<Type>,
    /// The first lines of the method's documentation.
    pub(crate) doc: Option<String>,
}

/// The HTTP methods an action may use (also the names of the `http::Method` constants).
pub(crate) const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
