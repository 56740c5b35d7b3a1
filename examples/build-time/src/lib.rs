//! Clients generated at build time: `build.rs` hands `resources/widgets.rs` and
//! `resources/shapes.rs` to
//! `ittybit-codegen`, which writes the expanded, formatted Rust into `OUT_DIR`; this crate
//! includes it. No proc-macro of ittybit runs when this crate compiles, and the generated code
//! can be read in `target/*/build/ittybit-example-build-*/out/widgets.rs` (or printed with
//! `cargo run -p ittybit-codegen -- expand examples/build-time/resources/widgets.rs --crate
//! ::ittybit_runtime`).
//!
//! ```no_run
//! use ittybit_example_build::{NewWidget, Widget, WidgetFilters};
//! use ittybit_runtime::{Client, ListParams};
//!
//! # async fn demo() -> ittybit_runtime::Result<()> {
//! let client = Client::from_env()?;
//! let widget = Widget::create(&client, &NewWidget { name: "gear".into() }).await?;
//! let polished = Widget::polish(&client, &widget.id).await?;
//! let filters = WidgetFilters { name: Some("gear".into()) };
//! let page = Widget::list(&client, &ListParams::new().filters(filters)).await?;
//! # Ok(()) }
//! ```

include!(concat!(env!("OUT_DIR"), "/widgets.rs"));

/// A nested collection, a singleton and numbered ids (`resources/shapes.rs`).
mod shapes {
    include!(concat!(env!("OUT_DIR"), "/shapes.rs"));
}
pub use shapes::{Account, AccountUpdate, AutomationRun, Counter, NewRun};
