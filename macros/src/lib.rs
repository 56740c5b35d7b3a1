//! The `#[resource]` attribute macro of `ittybit`: a struct becomes a typed API resource with
//! `get`, `list`, `stream` and `pages` (and `create`, `update`, `delete`, actions when asked).
//! Here against `ittybit-mock`, a local fake of the API, told to serve `/widgets`:
//!
//! ```
//! use ittybit::{Client, ListParams, resource};
//! use ittybit_mock::{MockConfig, MockResource, MockServer};
//! use serde_json::json;
//!
//! /// A widget.
//! #[resource(path = "/widgets")]
//! #[derive(Debug, serde::Deserialize)]
//! pub struct Widget {
//!     /// Its id.
//!     pub id: String,
//!     /// Its colour.
//!     pub colour: String,
//! }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let widgets = (1..=25).map(|n| json!({"id": format!("w_{n}"), "colour": "red"}));
//!     let config = MockConfig::default().resource(MockResource::collection("/widgets", widgets)?);
//!     let mock = MockServer::start_with(config).await;
//!     let client = Client::builder().api_key(mock.api_key()).base_url(mock.url()).build()?;
//!
//!     let widget = Widget::get(&client, "w_7").await?;
//!     assert_eq!(widget.colour, "red");
//!     let mut all = Widget::stream(&client, &ListParams::new().limit(10)); // three pages
//!     let mut count = 0;
//!     while let Some(_widget) = all.try_next().await? {
//!         count += 1;
//!     }
//!     assert_eq!(count, 25);
//!     Ok(())
//! }
//! ```
//!
//! Use it through the `ittybit` crate (`ittybit::resource`); the expansion itself lives in
//! `ittybit-codegen`, which build scripts can call too.

use proc_macro::TokenStream;

/// Makes a `Deserialize` struct an API resource: implements `Resource` for it and adds typed
/// methods that return a `Call` (await it) or a stream.
///
/// ```no_run
/// use ittybit::{Client, ListParams, resource};
/// use serde::{Deserialize, Serialize};
///
/// /// A widget of the API.
/// #[resource(path = "/widgets", create = NewWidget, delete)]
/// #[derive(Debug, Clone, Deserialize)]
/// pub struct Widget {
///     /// Its id.
///     pub id: String,
///     /// Its name.
///     pub name: String,
/// }
///
/// /// The body of `POST /widgets`.
/// #[derive(Serialize)]
/// pub struct NewWidget {
///     /// The name to give it.
///     pub name: String,
/// }
///
/// # async fn demo() -> ittybit::Result<()> {
/// let client = Client::from_env()?;
/// let widget = Widget::create(&client, &NewWidget { name: "gear".into() }).await?;
/// let same = Widget::get(&client, &widget.id).await?;
/// let first_page = Widget::list(&client, &ListParams::new().limit(10)).await?;
/// let mut all = Widget::stream(&client, &ListParams::new());
/// while let Some(widget) = all.try_next().await? {
///     println!("{}", widget.name);
/// }
/// Widget::delete(&client, &same.id).await?;
/// # Ok(()) }
/// ```
///
/// # Options
///
/// Identifiers and types are written bare (quoted strings are accepted too); URL paths are
/// strings.
///
/// | Option | Meaning |
/// |---|---|
/// | `path = "/widgets"` | **Required.** The collection path: starts with `/`, no query, fragment or whitespace; may have several segments (`"/webhooks/endpoints"`) and placeholders (below). Items live at `{path}/{id}`. |
/// | `id = field` | The field holding the id (default `id`). Its type is anything that implements `Display`: `String`, `u64`, a UUID, a newtype, … |
/// | `singleton` | A resource without an id (`/account`): `get` (and `update` if asked), no list, no `Resource` impl. |
/// | `filters = Type` | Typed list filters, a `Serialize + Default + Clone` struct of flat fields merged into the list query (default: none). |
/// | `get = false` | No `get` (e.g. for keys). On by default. |
/// | `list = false` | No `list`, `stream` or `pages`. On by default (off for a singleton). |
/// | `create = Body` | `create`: `POST {path}` with a `Body` JSON body. |
/// | `update = Body` | `update`: `PATCH {path}/{id}` (a singleton: `PATCH {path}`) with a `Body` JSON body. |
/// | `delete` | `delete`: `DELETE {path}/{id}`. |
/// | `action(...)` | A custom operation, repeatable; see below. |
/// | `crate = path` | The path generated code names the runtime through (default `::ittybit`). With the cargo feature `find-crate` the macro finds it by itself: the `ittybit` dependency under whatever name `Cargo.toml` gives it (`itty = { package = "ittybit" }` gives `::itty`), else `ittybit-runtime`'s. Write it for a renamed dependency without that feature, or for a re-export, e.g. `crate = my_sdk::ittybit`. |
///
/// ## Nested collections
///
/// Each `{name}` segment of the path is a parameter of every generated method, before the id,
/// in path order; its value is anything that implements `Display`, sent as exactly one path
/// segment by the same rules as ids (percent-encoded; empty, `.` and `..` are refused before
/// anything is sent).
///
/// ```no_run
/// # use ittybit::{Client, ListParams, resource};
/// # use serde::Deserialize;
/// /// A run of an automation.
/// #[resource(path = "/automations/{automation_id}/runs")]
/// #[derive(Deserialize)]
/// pub struct AutomationRun {
///     /// Its id.
///     pub id: String,
/// }
///
/// # async fn demo(client: Client) -> ittybit::Result<()> {
/// let page = AutomationRun::list(&client, "auto_1", &ListParams::new()).await?;
/// let run = AutomationRun::get(&client, "auto_1", "run_1").await?;
/// # Ok(()) }
/// ```
///
/// ## Singletons and ids that are not strings
///
/// ```no_run
/// # use ittybit::{Client, ListParams, resource};
/// # use serde::{Deserialize, Serialize};
/// /// The account of the key in use.
/// #[resource(path = "/account", singleton, update = AccountUpdate)]
/// #[derive(Deserialize)]
/// pub struct Account {
///     /// Its name.
///     pub name: String,
/// }
///
/// /// The body of `PATCH /account`.
/// #[derive(Serialize)]
/// pub struct AccountUpdate {
///     /// The new name.
///     pub name: String,
/// }
///
/// /// A counter, numbered.
/// #[resource(path = "/counters")]
/// #[derive(Deserialize)]
/// pub struct Counter {
///     /// Its number.
///     pub id: u64,
/// }
///
/// # async fn demo(client: Client) -> ittybit::Result<()> {
/// let account = Account::get(&client).await?;
/// let counter = Counter::get(&client, 42).await?;
/// # Ok(()) }
/// ```
///
/// ## Actions
///
/// An action is `action(name = run, method = POST, path = "/{id}/run", body = RunInput,
/// returns = Run, doc = "Starts a run.")`: `name`, `method` (`GET`, `POST`, `PUT`, `PATCH`,
/// `DELETE`) and `path` are required. The path is relative to the resource's path; with `{id}`
/// (a whole segment) the method takes an id, without it the action is on the collection.
/// `body` (a JSON body) and `doc` (the first lines of the method's documentation) are
/// optional; `returns` is the response type and defaults to the resource itself.
///
/// ```no_run
/// # use ittybit::resource;
/// # use serde::{Deserialize, Serialize};
/// # #[derive(Serialize, Default, Clone)] pub struct AutomationFilters {}
/// # #[derive(Serialize)] pub struct RunInput {}
/// # #[derive(Deserialize)] pub struct Run {}
/// /// An automation.
/// #[resource(
///     path = "/automations",
///     filters = AutomationFilters,
///     action(name = run, method = POST, path = "/{id}/run", body = RunInput, returns = Run),
///     action(name = pause, method = POST, path = "/{id}/pause"),
/// )]
/// #[derive(Deserialize)]
/// pub struct Automation {
///     /// Its id.
///     pub id: String,
/// }
/// ```
///
/// # Generated methods
///
/// With `F` the `filters` type (or `NoFilters`), `P…` one `impl Display` parameter per
/// placeholder of the path, and `id: impl Display` (so `"task_1"`, `&task.id` and `42` all
/// work), every method is a one-line call into `ittybit::ops`, with the struct's visibility
/// and rustdoc giving the HTTP method and path, the result, the errors, and whether it is
/// safe to repeat (linking to `RetryPolicy`, which decides what is retried):
///
/// ```text
/// fn get(client, P…, id) -> Call<Self>                              GET    {path}/{id}
/// fn list(client, P…, params: &ListParams<F>) -> Call<Page<Self>>   GET    {path}  (one page)
/// fn stream(client, P…, params: &ListParams<F>) -> ItemStream<Self> every item, all pages
/// fn pages(client, P…, params: &ListParams<F>) -> PageStream<Self>  every page
/// fn create(client, P…, body: &Body) -> Call<Self>                  POST   {path}
/// fn update(client, P…, id, body: &Body) -> Call<Self>              PATCH  {path}/{id}
/// fn delete(client, P…, id) -> Call<()>                             DELETE {path}/{id}
/// fn name(client, P…, [id,] [body: &Body]) -> Call<Returns>         an action
/// ```
///
/// A singleton has `get(client, P…)` and `update(client, P…, body)` at `{path}`, and actions.
///
/// # Generics
///
/// Type and const parameters are supported and need no bounds of their own: the generated
/// impls apply to every instantiation that decodes into owned data and can cross threads
/// (`Self: DeserializeOwned + Send + 'static`).
///
/// ```no_run
/// # use ittybit::resource;
/// use serde::Deserialize;
///
/// /// An envelope with caller-defined metadata.
/// #[resource(path = "/envelopes")]
/// #[derive(Deserialize)]
/// pub struct Envelope<M> {
///     /// Its id.
///     pub id: String,
///     /// The metadata.
///     pub metadata: M,
/// }
///
/// # fn demo(client: &ittybit::Client) {
/// let call = Envelope::<serde_json::Value>::get(client, "env_1");
/// # }
/// ```
///
/// Lifetime parameters are refused: a resource is decoded into owned data.
///
/// # Errors
///
/// Each problem is reported on the token at fault, all of them in one build: an unknown option
/// (the message lists the valid ones), a repeated option, a missing `path`, a malformed path
/// or placeholder, an `id` naming no field or of a type that does not display, options a
/// singleton cannot have, the attribute on an enum, union, tuple or unit struct, lifetime
/// parameters. The struct is still emitted beside the errors, and so are its `Resource` impl
/// and the methods whose options could be read (with bodies that never run; a misspelt option
/// is read as the one the error suggests), so a mistake is one error, not one more at every
/// use of the resource.
#[proc_macro_attribute]
pub fn resource(attr: TokenStream, item: TokenStream) -> TokenStream {
    ittybit_codegen::expand_with_root(attr.into(), item.into(), &root()).into()
}

/// The path of the runtime as this crate's `Cargo.toml` names it: the `ittybit` dependency
/// (renamed or not), else `ittybit-runtime`, else `::ittybit` (whose absence rustc reports).
#[cfg(feature = "find-crate")]
fn root() -> String {
    root_among(|package| proc_macro_crate::crate_name(package).ok())
}

/// The path of the runtime: `::ittybit` (the feature `find-crate` reads `Cargo.toml` for a
/// renamed dependency; `crate = …` overrides either).
#[cfg(not(feature = "find-crate"))]
fn root() -> String {
    ittybit_codegen::DEFAULT_ROOT.to_owned()
}

/// [`root`], given how `Cargo.toml` names each package (`None`: not a dependency).
#[cfg(feature = "find-crate")]
fn root_among(find: impl Fn(&str) -> Option<proc_macro_crate::FoundCrate>) -> String {
    use proc_macro_crate::FoundCrate;

    for package in ["ittybit", "ittybit-runtime"] {
        match find(package) {
            // Inside the package itself (its lib via `extern crate self`, or its tests and
            // examples) the crate is reachable under its own name.
            Some(FoundCrate::Itself) => return format!("::{}", package.replace('-', "_")),
            Some(FoundCrate::Name(name)) => return format!("::{name}"),
            None => {}
        }
    }
    ittybit_codegen::DEFAULT_ROOT.to_owned()
}

#[cfg(all(test, feature = "find-crate"))]
mod tests {
    use proc_macro_crate::FoundCrate;

    use super::root_among;

    #[test]
    fn the_root_follows_the_manifest() {
        let renamed =
            |package: &str| (package == "ittybit").then(|| FoundCrate::Name("itty".into()));
        assert_eq!(root_among(renamed), "::itty");
        let itself = |package: &str| (package == "ittybit").then_some(FoundCrate::Itself);
        assert_eq!(root_among(itself), "::ittybit");
        let runtime_only =
            |package: &str| (package == "ittybit-runtime").then(|| FoundCrate::Name("rt".into()));
        assert_eq!(root_among(runtime_only), "::rt");
        let runtime_itself =
            |package: &str| (package == "ittybit-runtime").then_some(FoundCrate::Itself);
        assert_eq!(root_among(runtime_itself), "::ittybit_runtime");
        assert_eq!(root_among(|_| None), "::ittybit");
    }
}
