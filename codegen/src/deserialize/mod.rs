//! `#[derive(ittybit::Deserialize)]`: a `serde::Deserialize` for a struct with named fields
//! that reads the map once, known fields straight into their types and every other key into
//! the `#[serde(flatten)]` catch-all field, if there is one.
//!
//! serde's own derive sends a struct with a `#[serde(flatten)]` field through its buffered
//! `Content` path (every value is first copied into a tree, then decoded again), which costs
//! about a quarter more per item; this derive keeps the unknown fields at no cost when there
//! are none. It reads serde's attributes, so the same attributes serve `serde::Serialize`.
//!
//! Passes, as for `#[resource]`: `attrs.rs` (what is written) → `model.rs` (checked against the
//! struct, spanned errors) → `emit.rs`.

mod attrs;
mod case;
mod emit;
mod model;

use proc_macro2::TokenStream;

/// Expands `#[derive(Deserialize)]` on `item` (the struct's tokens). Problems become
/// `compile_error!` invocations spanned on the tokens at fault, every one of them in one pass;
/// nothing else is emitted then.
#[must_use]
pub fn derive(item: TokenStream) -> TokenStream {
    let input = match syn::parse2::<syn::DeriveInput>(item) {
        Ok(input) => input,
        Err(error) => return error.into_compile_error(),
    };
    let mut errors = darling::Error::accumulator();
    let model = model::Struct::check(&input, &crate::default_root(), &mut errors);
    match (model, errors.finish()) {
        (Some(model), Ok(())) => emit::emit(&model),
        (_, Err(errors)) => errors.write_errors(),
        // Every check that gives up reports why; this is a guard, not an expected path.
        (None, Ok(())) => quote::quote! {
            ::core::compile_error!("`ittybit::Deserialize` could not read this struct");
        },
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::derive;

    #[test]
    fn a_catch_all_reads_a_map_and_keeps_other_keys() {
        let text = derive(quote! {
            struct Task {
                id: String,
                #[serde(rename = "type")]
                kind: Option<String>,
                #[serde(flatten)]
                extra: serde_json::Map<String, serde_json::Value>,
            }
        })
        .to_string();
        assert!(text.contains("deserialize_map"), "{text}");
        assert!(!text.contains("deserialize_struct"), "{text}");
        assert!(text.contains("__other"), "{text}");
        assert!(text.contains("\"type\" => "), "{text}");
        assert!(text.contains("duplicate_field (\"id\")"), "{text}");
        assert!(text.contains("missing_field :: < String"), "{text}");
        assert!(!text.contains("compile_error"), "{text}");
    }

    #[test]
    fn without_a_catch_all_other_keys_are_skipped_or_refused() {
        let skipped = derive(quote!(
            struct Brief {
                id: String,
            }
        ))
        .to_string();
        assert!(skipped.contains("deserialize_struct"), "{skipped}");
        assert!(skipped.contains("IgnoredAny"), "{skipped}");
        let refused = derive(quote! {
            #[serde(deny_unknown_fields)]
            struct Brief { id: String }
        })
        .to_string();
        assert!(refused.contains("unknown_field"), "{refused}");
        assert!(!refused.contains("IgnoredAny"), "{refused}");
    }

    #[test]
    fn paths_go_through_the_root() {
        let text = derive(quote! {
            #[ittybit(crate = ::my_facade)]
            struct Brief { id: String }
        })
        .to_string();
        assert!(
            text.contains(":: my_facade :: de :: __private :: serde"),
            "{text}"
        );
        assert!(!text.contains(":: ittybit ::"), "{text}");
    }

    #[test]
    fn tokens_that_are_not_an_item_are_a_compile_error() {
        let text = derive(quote!(not a struct)).to_string();
        assert!(text.contains("compile_error"), "{text}");
    }
}
