//! The expansion compiles, under strict lints, in every setting a user may put it in; and each
//! generated method calls the operation it documents (checked on the prepared request, which
//! is never sent).
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

use ittybit::{Call, Client, ItemStream, ListParams, Page, PageStream, Resource};

fn client() -> Client {
    Client::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap()
}

/// `"GET /path"` of a prepared call, from its `Debug` output.
fn request<T>(call: &Call<T>) -> String {
    let debug = format!("{call:?}");
    let method = debug
        .split("method: ")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    let path = debug
        .split("path: \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    format!("{method} {path}")
}

/// A resource with every operation.
pub mod every_operation {
    use ittybit::resource;
    use serde::{Deserialize, Serialize};

    /// An automation.
    #[resource(
        path = "/automations",
        id = key,
        filters = AutomationFilters,
        create = NewAutomation,
        update = AutomationPatch,
        delete,
        action(name = run, method = POST, path = "/{id}/run", body = RunInput, returns = Run,
               doc = "Starts a run of the automation."),
        action(name = pause, method = "POST", path = "/{id}/pause"),
        action(name = search, method = GET, path = "/search", returns = Vec<Automation>),
        action(name = replace, method = PUT, path = "/{id}", body = NewAutomation),
        action(name = purge, method = DELETE, path = "/{id}/runs", returns = ()),
        action(name = import, method = PATCH, path = "/import", body = [NewAutomation]),
    )]
    #[derive(Debug, Clone, Deserialize)]
    pub struct Automation {
        /// Its id.
        pub key: String,
        /// Its name.
        pub name: String,
    }

    /// Filters of the list.
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct AutomationFilters {
        /// Only these.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
    }

    /// The body of `create`.
    #[derive(Debug, Serialize)]
    pub struct NewAutomation {
        /// The name.
        pub name: String,
    }

    /// The body of `update`.
    #[derive(Debug, Serialize)]
    pub struct AutomationPatch {
        /// A new name.
        pub name: Option<String>,
    }

    /// The body of `run`.
    #[derive(Debug, Serialize)]
    pub struct RunInput {
        /// Inputs.
        pub input: String,
    }

    /// A run.
    #[derive(Debug, Deserialize)]
    pub struct Run {
        /// Its id.
        pub id: String,
    }
}

#[test]
fn every_operation_calls_its_endpoint() {
    use every_operation::{
        Automation, AutomationFilters, AutomationPatch, NewAutomation, Run, RunInput,
    };
    let client = client();
    let params = ListParams::<AutomationFilters>::new();
    let new = NewAutomation { name: "a".into() };

    let get: Call<Automation> = Automation::get(&client, "a/1");
    assert_eq!(request(&get), "GET /automations/a%2F1");
    let list: Call<Page<Automation>> = Automation::list(&client, &params);
    assert_eq!(request(&list), "GET /automations");
    let stream: ItemStream<Automation> = Automation::stream(&client, &params);
    assert_eq!(stream.cursor().unwrap().path(), "/automations");
    let pages: PageStream<Automation> = Automation::pages(&client, &params);
    assert_eq!(pages.cursor().unwrap().path(), "/automations");
    let create: Call<Automation> = Automation::create(&client, &new);
    assert_eq!(request(&create), "POST /automations");
    let patch = AutomationPatch { name: None };
    let update: Call<Automation> = Automation::update(&client, "a_1", &patch);
    assert_eq!(request(&update), "PATCH /automations/a_1");
    let delete: Call<()> = Automation::delete(&client, "a_1");
    assert_eq!(request(&delete), "DELETE /automations/a_1");

    let input = RunInput { input: "x".into() };
    let run: Call<Run> = Automation::run(&client, "a_1", &input);
    assert_eq!(request(&run), "POST /automations/a_1/run");
    let pause: Call<Automation> = Automation::pause(&client, "a_1");
    assert_eq!(request(&pause), "POST /automations/a_1/pause");
    let search: Call<Vec<Automation>> = Automation::search(&client);
    assert_eq!(request(&search), "GET /automations/search");
    let replace: Call<Automation> = Automation::replace(&client, "a_1", &new);
    assert_eq!(request(&replace), "PUT /automations/a_1");
    let purge: Call<()> = Automation::purge(&client, "a_1");
    assert_eq!(request(&purge), "DELETE /automations/a_1/runs");
    let import: Call<Automation> = Automation::import(&client, &[new]);
    assert_eq!(request(&import), "PATCH /automations/import");

    assert_eq!(<Automation as Resource>::PATH, "/automations");
    let automation = Automation {
        key: "a_9".into(),
        name: "n".into(),
    };
    assert_eq!(Resource::id(&automation), "a_9");
}

/// User items named like the prelude's and std's do not disturb the expansion.
#[allow(
    dead_code,
    non_camel_case_types,
    non_snake_case,
    clippy::upper_case_acronyms
)]
pub mod shadowed {
    use ::ittybit::resource;

    struct Result;
    struct Option;
    struct Box;
    struct String;
    struct Vec;
    struct Client;
    struct Call;
    struct Resource;
    fn Ok() {}
    fn Some() {}
    fn None() {}
    mod core {}
    mod std {}
    mod ittybit {}
    mod serde {}

    /// A widget.
    #[resource(path = "/widgets", create = NewWidget, delete,
               action(name = ping, method = POST, path = "/{id}/ping"))]
    #[derive(::serde::Deserialize)]
    pub struct Widget {
        /// Its id.
        pub id: ::std::string::String,
    }

    /// Body.
    #[derive(::serde::Serialize)]
    pub struct NewWidget {}
}

/// `crate = …` names the runtime through a renamed dependency (`rt` is `ittybit-runtime`).
pub mod renamed {
    /// A widget.
    #[ittybit::resource(path = "/widgets", crate = ::rt)]
    #[derive(serde::Deserialize)]
    pub struct Widget {
        /// Its id.
        pub id: String,
    }

    /// The same with the path quoted, relative to the extern prelude.
    #[ittybit::resource(path = "/gadgets", crate = "rt")]
    #[derive(serde::Deserialize)]
    pub struct Gadget {
        /// Its id.
        pub id: String,
    }
}

#[test]
fn a_renamed_runtime_is_the_same_runtime() {
    let call: rt::Call<renamed::Widget> = renamed::Widget::get(&client(), "w");
    assert_eq!(request(&call), "GET /widgets/w");
    assert_eq!(<renamed::Gadget as rt::Resource>::PATH, "/gadgets");
}

/// Type and const parameters.
pub mod generic {
    use ittybit::resource;
    use serde::Deserialize;
    use serde::de::DeserializeOwned;

    /// An envelope with caller-defined metadata, and no bounds: the generated impls bring
    /// their own.
    #[resource(path = "/envelopes")]
    #[derive(Debug, Deserialize)]
    pub struct Envelope<M> {
        /// Its id.
        pub id: String,
        /// The metadata.
        pub metadata: M,
    }

    /// The bounds in a where clause, a const parameter, and a boxed id.
    #[resource(path = "/grids", id = name)]
    #[derive(Debug, Deserialize)]
    #[serde(bound = "")]
    pub struct Grid<T, const N: usize>
    where
        T: DeserializeOwned + Send + 'static,
    {
        /// Its id.
        pub name: Box<str>,
        /// The cells.
        pub cells: Vec<T>,
    }
}

#[test]
fn generic_resources() {
    let call: Call<generic::Envelope<Vec<u32>>> = generic::Envelope::get(&client(), "e_1");
    assert_eq!(request(&call), "GET /envelopes/e_1");
    let grid = generic::Grid::<u8, 3> {
        name: "g".into(),
        cells: vec![],
    };
    assert_eq!(grid.id().to_string(), "g");
    assert_eq!(<generic::Grid<u8, 3> as Resource>::PATH, "/grids");
}

/// Nested modules, restricted and private visibility; attributes and docs are kept.
pub mod outer {
    pub(crate) mod inner {
        use ittybit::resource;

        /// A thing, visible in the crate.
        #[resource(path = "/webhooks/endpoints", get = false)]
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub(crate) struct Endpoint {
            /// Its id.
            pub(crate) id: String,
            /// Kept through the expansion: decoded from `targetUrl`.
            pub(crate) target_url: String,
        }

        /// Private to this module; its unused methods are no warnings.
        #[resource(path = "/secrets")]
        #[derive(serde::Deserialize)]
        struct Secret {
            id: String,
        }

        pub(crate) fn secret_path() -> &'static str {
            <Secret as ittybit::Resource>::PATH
        }
    }
}

#[test]
fn nested_modules_and_visibility() {
    let call = outer::inner::Endpoint::list(&client(), &ListParams::new());
    assert_eq!(request(&call), "GET /webhooks/endpoints");
    assert_eq!(outer::inner::secret_path(), "/secrets");
    let endpoint: outer::inner::Endpoint =
        serde_json::from_str(r#"{"id":"e","targetUrl":"https://x"}"#).unwrap();
    assert_eq!(endpoint.target_url, "https://x");
    assert_eq!(endpoint.id(), "e");
}
