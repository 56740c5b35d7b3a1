//! The proc-macro front end (`expand`, given what rustc gives an attribute macro) and the
//! build-script front end (`build::expand_source`, given the file) produce the same tokens.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Item, Meta};

/// What rustc hands `#[resource]`, item by item: the attribute's arguments and the item
/// without the attribute; everything else as written.
fn as_the_macro_sees_it(items: Vec<Item>) -> TokenStream {
    let mut out = TokenStream::new();
    for mut item in items {
        if let Item::Mod(module) = &mut item
            && let Some((_, inner)) = module.content.take()
        {
            let inner = as_the_macro_sees_it(inner);
            let (attrs, vis, ident) = (&module.attrs, &module.vis, &module.ident);
            out.extend(quote!(#(#attrs)* #vis mod #ident { #inner }));
            continue;
        }
        let attrs = match &mut item {
            Item::Struct(s) => &mut s.attrs,
            Item::Enum(e) => &mut e.attrs,
            _ => {
                out.extend(item.into_token_stream());
                continue;
            }
        };
        let at = attrs.iter().position(|a| {
            a.path()
                .segments
                .last()
                .is_some_and(|s| s.ident == "resource")
        });
        match at {
            Some(at) => {
                let attr = attrs.remove(at);
                let args = match attr.meta {
                    Meta::List(list) => list.tokens,
                    _ => TokenStream::new(),
                };
                out.extend(ittybit_codegen::expand(args, item.into_token_stream()));
            }
            None => out.extend(item.into_token_stream()),
        }
    }
    out
}

#[test]
fn the_macro_and_the_build_api_generate_the_same_tokens() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/inputs").unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let by_build =
            ittybit_codegen::build::expand_source(&source, "::ittybit", Path::new(&path)).unwrap();
        let by_macro = as_the_macro_sees_it(syn::parse_file(&source).unwrap().items);
        assert_eq!(
            by_macro.to_string(),
            by_build.to_string(),
            "{}",
            path.display()
        );
        assert_eq!(
            ittybit_codegen::render(&by_macro).unwrap(),
            ittybit_codegen::render(&by_build).unwrap()
        );
        checked += 1;
    }
    assert!(checked >= 4);
}

#[test]
fn the_runtime_is_named_through_the_root_given() {
    let attr = quote!(path = "/widgets");
    let item = quote!(
        pub struct Widget {
            pub id: String,
        }
    );
    let out = ittybit_codegen::expand_with_root(attr.clone(), item.clone(), "::itty").to_string();
    assert!(out.starts_with("pub struct Widget"), "{out}");
    assert!(out.contains(":: itty :: ops :: get"), "{out}");
    assert!(!out.contains("ittybit"), "{out}");

    // A root that is no path is reported beside the item, which stays.
    let out = ittybit_codegen::expand_with_root(attr, item, "not a path!").to_string();
    assert!(out.starts_with("pub struct Widget"), "{out}");
    assert!(out.contains("compile_error"), "{out}");
    assert!(
        out.contains("the root `not a path!` is not a Rust path"),
        "{out}"
    );
    assert!(!out.contains("ops :: get"), "{out}");
}

#[test]
fn a_resource_with_a_problem_keeps_the_methods_that_parsed() {
    let item = quote!(
        pub struct Widget {
            pub id: String,
        }
    );
    let out = ittybit_codegen::expand(quote!(path = "/widgets", colour = "red"), item).to_string();
    assert!(out.contains("compile_error"), "{out}");
    // Calls to them still compile, so the build shows the problem alone.
    assert!(out.contains("pub fn get"), "{out}");
    assert!(out.contains("pub fn stream"), "{out}");
    assert!(!out.contains("ops :: get"), "{out}");
}

#[test]
fn a_resource_with_a_problem_keeps_its_resource_impl() {
    let item = quote!(
        pub struct Widget {
            pub uid: u64,
        }
    );
    // No `id` field: still a resource, whose methods take an id, and whose id is never read.
    let out = ittybit_codegen::expand(quote!(path = "/widgets", delete), item.clone()).to_string();
    assert_eq!(out.matches("compile_error").count(), 1, "{out}");
    assert!(
        out.contains("impl :: ittybit :: Resource for Widget"),
        "{out}"
    );
    assert!(
        out.contains("type Id = :: core :: primitive :: str"),
        "{out}"
    );
    assert!(
        out.contains("pub fn delete (client : & :: ittybit :: Client , id :"),
        "{out}"
    );
    assert!(!out.contains("self . uid"), "{out}");

    // A singleton is no resource, with a problem or not; nor is a struct with lifetimes.
    let out =
        ittybit_codegen::expand(quote!(path = "/account", singleton, colour), item).to_string();
    assert!(!out.contains("Resource for"), "{out}");
    let borrowed = quote!(
        pub struct Widget<'a> {
            pub id: &'a str,
        }
    );
    let out = ittybit_codegen::expand(quote!(path = "/widgets"), borrowed).to_string();
    assert!(out.contains("compile_error"), "{out}");
    assert!(!out.contains("Resource for"), "{out}");
}

#[test]
fn a_misspelt_option_is_read_as_the_one_suggested_and_reported_once() {
    let item = quote!(
        pub struct Widget {
            pub id: String,
        }
    );
    let out = ittybit_codegen::expand(
        quote!(
            path = "/widgets",
            filter = WidgetFilters,
            acton(name = run, method = POST, path = "/{id}/run", retrns = Run),
            pagination = true,
        ),
        item.clone(),
    )
    .to_string();
    // (The misspelt `retrns` inside the misspelt `acton` is reported once `acton` is fixed.)
    assert_eq!(out.matches("compile_error").count(), 3, "{out}");
    assert!(out.contains("type Filters = WidgetFilters"), "{out}");
    assert!(
        out.contains("pub fn run (client : & :: ittybit :: Client , id : impl :: core :: fmt :: Display) -> :: ittybit :: Call < Run >"),
        "{out}"
    );

    // A typo of an option also written is ignored, and so are the problems of its value.
    let out = ittybit_codegen::expand(
        quote!(path = "/widgets", filters = Written, filter = "not a type"),
        item,
    )
    .to_string();
    assert_eq!(out.matches("compile_error").count(), 1, "{out}");
    assert!(out.contains("type Filters = Written"), "{out}");
}

#[test]
fn an_action_with_a_problem_is_kept_unless_its_name_is_taken() {
    let item = quote!(
        pub struct Automation {
            pub id: String,
        }
    );
    let out = ittybit_codegen::expand(
        quote!(
            path = "/automations",
            action(name = pause, method = PSOT, path = "/{id}/pause"),
            action(name = stop, method = POST, path = "{id}/stop"),
            action(name = list, method = GET, path = "/all"),
        ),
        item,
    )
    .to_string();
    assert_eq!(out.matches("compile_error").count(), 3, "{out}");
    let with_id = "(client : & :: ittybit :: Client , id : impl :: core :: fmt :: Display)";
    assert!(out.contains(&format!("pub fn pause {with_id}")), "{out}");
    assert!(out.contains(&format!("pub fn stop {with_id}")), "{out}");
    assert_eq!(out.matches("pub fn list").count(), 1, "{out}");
}
