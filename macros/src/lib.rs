//! The `#[resource]` attribute macro of `ittybit`. Use it through the `ittybit` crate
//! (`ittybit::resource`); the expansion itself lives in `ittybit-codegen`, which build scripts
//! can call too.

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
/// | `path = "/widgets"` | **Required.** The collection path: starts with `/`, no query, fragment, `{…}` or whitespace; may have several segments (`"/webhooks/endpoints"`). Items live at `{path}/{id}`. |
/// | `id = field` | The field holding the id (default `id`). Its type must be `AsRef<str>`: `String`, `Box<str>`, a newtype, … |
/// | `filters = Type` | Typed list filters, a `Serialize + Default + Clone` struct of flat fields merged into the list query (default: none). |
/// | `get = false` | No `get` by id (e.g. for keys). On by default. |
/// | `list = false` | No `list`, `stream` or `pages`. On by default. |
/// | `create = Body` | `create`: `POST {path}` with a `Body` JSON body. |
/// | `update = Body` | `update`: `PATCH {path}/{id}` with a `Body` JSON body. |
/// | `delete` | `delete`: `DELETE {path}/{id}`. |
/// | `action(...)` | A custom operation, repeatable; see below. |
/// | `crate = path` | The path to the facade the generated code names everything through (default `::ittybit`); e.g. `crate = ittybit_runtime` for the runtime alone, or the path of a renamed or re-exported dependency. |
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
/// With `F` the `filters` type (or `NoFilters`), every method is a one-line call into
/// `ittybit::ops`, with the struct's visibility and rustdoc giving the HTTP method and path,
/// the result, the errors and the retry rule:
///
/// ```text
/// fn get(client: &Client, id: &str) -> Call<Self>                          GET    {path}/{id}
/// fn list(client: &Client, params: &ListParams<F>) -> Call<Page<Self>>     GET    {path}  (one page)
/// fn stream(client: &Client, params: &ListParams<F>) -> ItemStream<Self>   every item, all pages
/// fn pages(client: &Client, params: &ListParams<F>) -> PageStream<Self>    every page
/// fn create(client: &Client, body: &Body) -> Call<Self>                    POST   {path}
/// fn update(client: &Client, id: &str, body: &Body) -> Call<Self>          PATCH  {path}/{id}
/// fn delete(client: &Client, id: &str) -> Call<()>                         DELETE {path}/{id}
/// fn name(client: &Client, [id: &str,] [body: &Body]) -> Call<Returns>     an action
/// ```
///
/// `GET`, `PUT` and `DELETE` are retried on 408, 429, 502, 503, 504 and transport failures;
/// `POST` and `PATCH` only on 429, 503 and failed connects, never once the request may have
/// been processed (as the client's `RetryPolicy` allows).
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
/// (the message lists the valid ones), a repeated option, a missing `path`, a malformed path,
/// an `id` naming no field, the attribute on an enum, union, tuple or unit struct, lifetime
/// parameters. The struct is still emitted beside the errors, so the rest of the crate keeps
/// compiling.
#[proc_macro_attribute]
pub fn resource(attr: TokenStream, item: TokenStream) -> TokenStream {
    ittybit_codegen::expand(attr.into(), item.into()).into()
}

/// Derives `serde::Deserialize` for a struct with named fields, reading the JSON object once:
/// known fields go straight into their types and every other key into the `#[serde(flatten)]`
/// catch-all field, if the struct has one.
///
/// serde's own derive decodes a struct with a `#[serde(flatten)]` field by first buffering the
/// whole object into an intermediate tree and then decoding that again; this derive keeps the
/// unknown fields without that cost. It reads serde's attributes, so `#[derive(Serialize)]`
/// on the same struct uses the same ones and writes the kept fields back inline.
///
/// ```
/// use serde::Serialize;
///
/// /// A widget, keeping the fields this version does not know.
/// #[derive(Debug, Serialize, ittybit::Deserialize)]
/// #[serde(rename_all = "camelCase")]
/// pub struct Widget {
///     /// Its id.
///     pub id: String,
///     /// Its colour, if it has one (absent: `None`).
///     pub colour: Option<String>,
///     /// How many there are (absent: 0).
///     #[serde(default)]
///     pub stock_count: u32,
///     /// Every other field, verbatim.
///     #[serde(flatten)]
///     pub extra: serde_json::Map<String, serde_json::Value>,
/// }
///
/// let json = r#"{"id":"w_1","stockCount":3,"shape":"round"}"#;
/// let widget: Widget = serde_json::from_str(json).unwrap();
/// assert_eq!(widget.stock_count, 3);
/// assert_eq!(widget.colour, None);
/// assert_eq!(widget.extra["shape"], "round");
/// assert_eq!(serde_json::to_string(&widget).unwrap(), r#"{"id":"w_1","colour":null,"stockCount":3,"shape":"round"}"#);
/// ```
///
/// # Attributes
///
/// Decoding follows serde's rules for these `#[serde(...)]` attributes:
///
/// | on | attribute | meaning |
/// |---|---|---|
/// | struct | `rename_all = "…"` | the key of each field in a case convention (`camelCase`, `kebab-case`, …) |
/// | struct | `default` or `default = "path"` | absent fields from `Default::default()` or `path()` |
/// | struct | `deny_unknown_fields` | an unknown key is an error (not with a catch-all) |
/// | struct | `rename = "…"` | the name given to the format |
/// | struct | `expecting = "…"` | what an error says was expected (default `struct Name`) |
/// | field | `rename = "…"`, `alias = "…"` | the key, and other keys accepted for the field |
/// | field | `default` or `default = "path"` | the value when the key is absent |
/// | field | `skip` / `skip_deserializing` | never read; the default |
/// | field | `deserialize_with = "path"`, `with = "module"` | a custom decoder |
/// | field | `flatten` | the catch-all: a map from `String` (`serde_json::Map`, `BTreeMap`, `HashMap`; see `ittybit::de::CatchAll`) that receives every unknown key; at most one |
///
/// Serialization-only attributes (`skip_serializing_if`, `serialize_with`, …) are ignored.
/// An absent `Option` field is `None`, a repeated key is a `duplicate field` error and an
/// absent required one a `missing field` error, as with serde. Any other attribute (`tag`,
/// `transparent`, `borrow`, `bound`, a `flatten` that is not a map, …) is refused with an
/// error on it: derive `serde::Deserialize` for such structs. The input must be a map (serde's
/// derive also accepts a sequence of the fields in order).
///
/// `#[ittybit(crate = path)]` on the struct names the facade the generated code goes through
/// (default `::ittybit`).
#[proc_macro_derive(Deserialize, attributes(serde, ittybit))]
pub fn derive_deserialize(item: TokenStream) -> TokenStream {
    ittybit_codegen::deserialize::derive(item.into()).into()
}
