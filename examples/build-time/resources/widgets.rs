// Resource definitions: ordinary Rust, with `#[resource]` marking the structs to expand.
// This file is not compiled as is: build.rs expands it into OUT_DIR, and src/lib.rs
// includes the result.

use serde::{Deserialize, Serialize};

/// A widget.
#[resource(
    path = "/widgets",
    filters = WidgetFilters,
    create = NewWidget,
    update = WidgetUpdate,
    delete,
    action(name = polish, method = POST, path = "/{id}/polish", doc = "Polishes the widget."),
)]
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Widget {
    /// Its id (`wdg_…`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// How shiny it is, 0 to 10.
    #[serde(default)]
    pub shine: u8,
}

/// Filters of the widget list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct WidgetFilters {
    /// Only widgets with this name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The body of `POST /widgets`.
#[derive(Debug, Clone, Serialize)]
pub struct NewWidget {
    /// Its name.
    pub name: String,
}

/// The body of `PATCH /widgets/{id}`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WidgetUpdate {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A sprocket, listed only: no `get` by id.
#[resource(path = "/widgets/sprockets", get = false)]
#[derive(Debug, Clone, Deserialize)]
pub struct Sprocket {
    /// Its id.
    pub id: String,
}
