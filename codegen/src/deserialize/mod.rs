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

    /// The `compile_error!` messages of an expansion (empty when it has none).
    fn errors(item: proc_macro2::TokenStream) -> Vec<String> {
        let text = derive(item).to_string();
        text.match_indices("compile_error ! { \"")
            .map(|(at, open)| {
                let rest = &text[at + open.len()..];
                rest[..rest.find("\" }").unwrap_or(rest.len())].to_owned()
            })
            .collect()
    }

    #[test]
    fn every_supported_container_option_is_read() {
        let accepted = [
            quote!(
                #[serde(rename_all = "camelCase")]
                struct S {
                    id: String,
                }
            ),
            quote!(
                #[serde(rename = "Other")]
                struct S {
                    id: String,
                }
            ),
            quote!(
                #[serde(expecting = "a thing")]
                struct S {
                    id: String,
                }
            ),
            quote!(
                #[serde(deny_unknown_fields)]
                struct S {
                    id: String,
                }
            ),
            quote!(
                #[serde(default)]
                #[derive(Default)]
                struct S {
                    id: String,
                }
            ),
            quote!(
                #[serde(
                    into = "T",
                    crate = "serde",
                    rename_all_fields = "camelCase",
                    rename = "S"
                )]
                struct S {
                    id: String,
                }
            ),
        ];
        for item in accepted {
            assert_eq!(errors(item.clone()), Vec::<String>::new(), "{item}");
        }
    }

    #[test]
    fn every_supported_field_option_is_read() {
        let accepted = [
            quote!(
                struct S {
                    #[serde(alias = "ident")]
                    id: String,
                }
            ),
            quote!(
                struct S {
                    #[serde(default)]
                    id: String,
                }
            ),
            quote!(
                struct S {
                    #[serde(skip)]
                    id: String,
                }
            ),
            quote!(
                struct S {
                    #[serde(skip_deserializing)]
                    id: String,
                }
            ),
            quote!(
                struct S {
                    #[serde(deserialize_with = "f")]
                    id: String,
                }
            ),
            quote!(
                struct S {
                    #[serde(with = "m")]
                    id: String,
                }
            ),
            quote!(
                struct S {
                    #[serde(
                        skip_serializing,
                        skip_serializing_if = "x",
                        serialize_with = "y",
                        rename = "i"
                    )]
                    id: String,
                }
            ),
        ];
        for item in accepted {
            assert_eq!(errors(item.clone()), Vec::<String>::new(), "{item}");
        }
        // What the options say reaches the expansion.
        let text = derive(quote!(
            #[serde(rename_all = "camelCase", expecting = "a thing")]
            struct S {
                user_id: String,
                #[serde(alias = "ident")]
                id: String,
            }
        ))
        .to_string();
        for part in ["\"userId\"", "\"ident\"", "\"a thing\""] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
    }

    #[test]
    fn unsupported_and_contradictory_options_are_errors() {
        let refused = [
            (
                quote!(
                    #[serde(tag = "t")]
                    struct S {
                        id: String,
                    }
                ),
                "`#[serde(tag)]`",
            ),
            (
                quote!(
                    struct S {
                        #[serde(borrow)]
                        id: String,
                    }
                ),
                "`#[serde(borrow)]`",
            ),
            (
                quote!(
                    #[serde(rename_all = "shouting")]
                    struct S {
                        id: String,
                    }
                ),
                "unknown case convention; expected one of \\\"lowercase\\\"",
            ),
            (
                quote!(
                    struct S<'a> {
                        id: &'a str,
                    }
                ),
                "takes no lifetime parameters",
            ),
            (
                quote!(
                    struct S {
                        id: String,
                        #[serde(rename = "id")]
                        other: String,
                    }
                ),
                "the key \\\"id\\\" is already read by the field `id`",
            ),
            (
                quote!(
                    struct S {
                        id: String,
                        #[serde(alias = "id")]
                        other: String,
                    }
                ),
                "is already read",
            ),
        ];
        for (item, says) in refused {
            let found = errors(item.clone());
            assert_eq!(found.len(), 1, "{item}: {found:?}");
            assert!(found[0].contains(says), "{item}: {found:?}");
        }
    }

    #[test]
    fn a_skipped_field_reads_no_key_and_the_catch_all_takes_no_option() {
        assert_eq!(
            errors(quote!(
                struct S {
                    id: String,
                    #[serde(skip, rename = "id")]
                    other: String,
                }
            )),
            Vec::<String>::new()
        );
        // The catch-all takes no other option.
        for option in [
            quote!(rename = "x"),
            quote!(alias = "x"),
            quote!(skip),
            quote!(deserialize_with = "f"),
            quote!(default),
        ] {
            let found = errors(quote!(
                struct S {
                    id: String,
                    #[serde(flatten, #option)]
                    rest: M,
                }
            ));
            assert_eq!(found.len(), 1, "{option}: {found:?}");
            assert!(
                found[0].contains("catch-all takes no other option"),
                "{option}: {found:?}"
            );
        }
    }

    #[test]
    fn only_type_parameters_that_are_decoded_need_deserialize() {
        let bound = "T : :: ittybit :: de :: __private :: serde :: Deserialize < 'de >";
        let decoded = derive(quote!(
            struct S<T> {
                id: String,
                v: Vec<(u8, T)>,
            }
        ))
        .to_string();
        assert!(decoded.contains(bound), "{decoded}");
        for item in [
            quote!(
                struct S<T> {
                    id: String,
                    #[serde(skip)]
                    v: T,
                }
            ),
            quote!(
                struct S<T> {
                    id: String,
                    #[serde(deserialize_with = "f")]
                    v: T,
                }
            ),
            quote!(
                struct S<T> {
                    id: String,
                    v: Tee,
                }
            ),
        ] {
            let text = derive(item.clone()).to_string();
            assert!(!text.contains(bound), "{item}: {text}");
        }
    }
}
