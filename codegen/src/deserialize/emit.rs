//! The generated `Deserialize`: a field-identifier enum, a map visitor that reads each key once,
//! and the impl, all inside `const _: () = { … };` so no name leaks into the user's module.
//!
//! Everything is named by absolute paths: serde and the catch-all trait through the root's
//! `de` module, the standard library through `::core`.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericParam, Generics, ImplGenerics, Type, TypeGenerics, WhereClause, parse_quote};

use super::attrs::Default;
use super::model::{Field, Struct};

/// What every part of the expansion needs.
struct Gen<'a> {
    s: &'a Struct,
    /// `#root::de::__private::serde`.
    serde: TokenStream,
    /// The fields read from the input (not skipped), with their index among all fields.
    read: Vec<(usize, &'a Field)>,
    /// What an error says was expected: `struct Task` unless `expecting` says otherwise.
    expecting: String,
    /// The struct's generics, for items declared beside it.
    impl_generics: ImplGenerics<'a>,
    ty_generics: TypeGenerics<'a>,
    where_clause: Option<&'a WhereClause>,
    /// With `'de` and the bounds decoding needs, for the `Deserialize`-side impls.
    de_generics: Generics,
    /// `let __default = …;` when the struct is `#[serde(default)]`.
    container_default: Option<TokenStream>,
}

/// The tokens of the derive for a checked struct.
pub(crate) fn emit(s: &Struct) -> TokenStream {
    let root = &s.root;
    let ident = &s.ident;
    let (impl_generics, ty_generics, where_clause) = s.generics.split_for_impl();
    let container_default = match &s.container_default {
        Default::None => None,
        Default::Trait => Some(quote! {
            let __default: #ident #ty_generics = ::core::default::Default::default();
        }),
        Default::Path(path) => Some(quote!(let __default: #ident #ty_generics = #path();)),
    };
    let g = Gen {
        s,
        serde: quote!(#root::de::__private::serde),
        read: s
            .fields
            .iter()
            .enumerate()
            .filter(|(_, field)| !field.skip)
            .collect(),
        expecting: s
            .expecting
            .clone()
            .unwrap_or_else(|| format!("struct {ident}")),
        impl_generics,
        ty_generics,
        where_clause,
        de_generics: add_bounds(s),
        container_default,
    };
    let serde = &g.serde;
    let name = &s.name;
    let (identifier, field_names) = field_identifier(&g);
    let wrappers = wrappers(&g);
    let visit_map = visit_map(&g);
    let visit_seq = s.catch_all.is_none().then(|| visit_seq(&g));
    let expecting = &g.expecting;
    let (impl_generics, ty_generics, where_clause) =
        (&g.impl_generics, &g.ty_generics, g.where_clause);
    let (de_impl_generics, _, de_where_clause) = g.de_generics.split_for_impl();
    // A catch-all takes any key, so the input is a map; without one the format may use the
    // list of fields (and serde's derive also accepts a sequence).
    let entry = if s.catch_all.is_some() {
        quote!(#serde::Deserializer::deserialize_map(__deserializer, __visitor))
    } else {
        quote!(#serde::Deserializer::deserialize_struct(__deserializer, #name, __FIELDS, __visitor))
    };

    quote! {
        #[doc(hidden)]
        #[allow(
            non_camel_case_types,
            dead_code,
            non_upper_case_globals,
            unused_qualifications,
            clippy::all,
            clippy::pedantic,
        )]
        const _: () = {
            const __FIELDS: &[&::core::primitive::str] = &[#(#field_names),*];

            #identifier

            #wrappers

            struct __Visitor #impl_generics #where_clause {
                marker: ::core::marker::PhantomData<fn() -> #ident #ty_generics>,
            }

            impl #de_impl_generics #serde::de::Visitor<'de> for __Visitor #ty_generics #de_where_clause {
                type Value = #ident #ty_generics;

                fn expecting(
                    &self,
                    __formatter: &mut ::core::fmt::Formatter<'_>,
                ) -> ::core::fmt::Result {
                    ::core::fmt::Formatter::write_str(__formatter, #expecting)
                }

                #visit_map

                #visit_seq
            }

            #[automatically_derived]
            impl #de_impl_generics #serde::Deserialize<'de> for #ident #ty_generics #de_where_clause {
                fn deserialize<__D: #serde::Deserializer<'de>>(
                    __deserializer: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    let __visitor = __Visitor { marker: ::core::marker::PhantomData };
                    #entry
                }
            }
        };
    }
}

/// `enum __Field` (one variant per field read, plus one for other keys unless they are an
/// error) and its `Deserialize` from a key; and the names of the fields, for `__FIELDS`.
fn field_identifier(g: &Gen<'_>) -> (TokenStream, Vec<String>) {
    let Gen { s, serde, read, .. } = g;
    let variants: Vec<Ident> = read.iter().map(|(i, _)| slot(*i)).collect();
    // Each field's keys sorted, as serde lists them in `unknown field` errors.
    let keys: Vec<Vec<&String>> = read
        .iter()
        .map(|(_, field)| {
            let mut keys: Vec<&String> =
                std::iter::once(&field.key).chain(&field.aliases).collect();
            keys.sort();
            keys.dedup();
            keys
        })
        .collect();
    let field_names = keys.iter().flatten().map(|key| (*key).clone()).collect();

    // What a key no field reads becomes: the catch-all's, an error, or skipped.
    let (unknown_variant, unknown_key) = if s.catch_all.is_some() {
        (
            quote!(__other(::std::string::String)),
            quote!(::core::result::Result::Ok(__Field::__other(
                ::std::borrow::ToOwned::to_owned(__value)
            ))),
        )
    } else if s.deny_unknown_fields {
        (
            quote!(),
            quote!(::core::result::Result::Err(
                <__E as #serde::de::Error>::unknown_field(__value, __FIELDS)
            )),
        )
    } else {
        (
            quote!(__ignore),
            quote!(::core::result::Result::Ok(__Field::__ignore)),
        )
    };
    // An owned key (one with escapes) moves into the catch-all instead of being copied.
    let visit_string = s.catch_all.is_some().then(|| {
        quote! {
            fn visit_string<__E: #serde::de::Error>(
                self,
                __value: ::std::string::String,
            ) -> ::core::result::Result<__Field, __E> {
                match __value.as_str() {
                    #(#(#keys)|* => ::core::result::Result::Ok(__Field::#variants),)*
                    _ => ::core::result::Result::Ok(__Field::__other(__value)),
                }
            }
        }
    });
    let tokens = quote! {
        enum __Field {
            #(#variants,)*
            #unknown_variant
        }

        struct __FieldVisitor;

        impl<'de> #serde::de::Visitor<'de> for __FieldVisitor {
            type Value = __Field;

            fn expecting(
                &self,
                __formatter: &mut ::core::fmt::Formatter<'_>,
            ) -> ::core::fmt::Result {
                ::core::fmt::Formatter::write_str(__formatter, "field identifier")
            }

            fn visit_str<__E: #serde::de::Error>(
                self,
                __value: &::core::primitive::str,
            ) -> ::core::result::Result<__Field, __E> {
                match __value {
                    #(#(#keys)|* => ::core::result::Result::Ok(__Field::#variants),)*
                    _ => #unknown_key,
                }
            }

            #visit_string
        }

        impl<'de> #serde::Deserialize<'de> for __Field {
            #[inline]
            fn deserialize<__D: #serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                #serde::Deserializer::deserialize_identifier(__deserializer, __FieldVisitor)
            }
        }
    };
    (tokens, field_names)
}

/// For each `deserialize_with` field, a type whose `Deserialize` calls the user's function.
fn wrappers(g: &Gen<'_>) -> TokenStream {
    let Gen {
        s,
        serde,
        read,
        impl_generics,
        ty_generics,
        where_clause,
        ..
    } = g;
    let ident = &s.ident;
    let (de_impl_generics, _, de_where_clause) = g.de_generics.split_for_impl();
    read.iter()
        .filter_map(|(i, field)| {
            let path = field.deserialize_with.as_ref()?;
            let wrapper = wrapper(*i);
            let ty = &field.ty;
            Some(quote! {
                struct #wrapper #impl_generics #where_clause {
                    value: #ty,
                    marker: ::core::marker::PhantomData<fn() -> #ident #ty_generics>,
                }

                impl #de_impl_generics #serde::Deserialize<'de> for #wrapper #ty_generics #de_where_clause {
                    fn deserialize<__D: #serde::Deserializer<'de>>(
                        __deserializer: __D,
                    ) -> ::core::result::Result<Self, __D::Error> {
                        ::core::result::Result::Ok(Self {
                            value: #path(__deserializer)?,
                            marker: ::core::marker::PhantomData,
                        })
                    }
                }
            })
        })
        .collect()
}

/// `visit_map`: one pass over the keys, each known one decoded straight into its slot (a
/// repeated one is an error), any other into the catch-all, an error or skipped.
fn visit_map(g: &Gen<'_>) -> TokenStream {
    let Gen {
        s,
        serde,
        read,
        ty_generics,
        container_default,
        ..
    } = g;
    let root = &s.root;
    let ident = &s.ident;
    let slots = read.iter().map(|(i, field)| {
        let slot = slot(*i);
        let ty = &field.ty;
        quote!(let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let arms = read.iter().map(|(i, field)| {
        let slot = slot(*i);
        let key = &field.key;
        let value = if field.deserialize_with.is_some() {
            let wrapper = wrapper(*i);
            quote!(#serde::de::MapAccess::next_value::<#wrapper #ty_generics>(&mut __map)?.value)
        } else {
            let ty = &field.ty;
            quote!(#serde::de::MapAccess::next_value::<#ty>(&mut __map)?)
        };
        quote! {
            __Field::#slot => {
                if ::core::option::Option::is_some(&#slot) {
                    return ::core::result::Result::Err(
                        <__A::Error as #serde::de::Error>::duplicate_field(#key),
                    );
                }
                #slot = ::core::option::Option::Some(#value);
            }
        }
    });
    let (catch_all_init, unknown_arm, catch_all_member) = match &s.catch_all {
        Some(catch_all) => {
            let ty = &catch_all.ty;
            let member = &catch_all.ident;
            // Spanned on the type, so a type that cannot catch keys is reported there.
            let empty = quote_spanned!(ty.span()=> <#ty as #root::de::CatchAll>::empty());
            let insert = quote_spanned!(ty.span()=> <#ty as #root::de::CatchAll>::insert_next);
            (
                quote!(let mut __catch_all: #ty = #empty;),
                quote! {
                    __Field::__other(__key) => {
                        #insert(&mut __catch_all, __key, &mut __map)?;
                    }
                },
                quote!(#member: __catch_all,),
            )
        }
        None if s.deny_unknown_fields => (quote!(), quote!(), quote!()),
        None => (
            quote!(),
            quote! {
                __Field::__ignore => {
                    let _ = #serde::de::MapAccess::next_value::<#serde::de::IgnoredAny>(&mut __map)?;
                }
            },
            quote!(),
        ),
    };
    let values = s.fields.iter().enumerate().map(|(i, field)| {
        let member = &field.ident;
        let absent = absent(field, container_default.is_some(), root);
        if field.skip {
            return quote!(#member: #absent);
        }
        let slot = slot(i);
        quote! {
            #member: match #slot {
                ::core::option::Option::Some(__value) => __value,
                ::core::option::Option::None => #absent,
            }
        }
    });
    quote! {
        #[inline]
        fn visit_map<__A: #serde::de::MapAccess<'de>>(
            self,
            mut __map: __A,
        ) -> ::core::result::Result<Self::Value, __A::Error> {
            #(#slots)*
            #catch_all_init
            while let ::core::option::Option::Some(__key) =
                #serde::de::MapAccess::next_key::<__Field>(&mut __map)?
            {
                match __key {
                    #(#arms)*
                    #unknown_arm
                }
            }
            #container_default
            ::core::result::Result::Ok(#ident {
                #(#values,)*
                #catch_all_member
            })
        }
    }
}

/// `visit_seq`, for a struct without a catch-all: serde's derive also accepts the fields as a
/// sequence, in order, and so does this one.
fn visit_seq(g: &Gen<'_>) -> TokenStream {
    let Gen {
        s,
        serde,
        read,
        ty_generics,
        container_default,
        ..
    } = g;
    let ident = &s.ident;
    let count = read.len();
    let expecting = format!(
        "{} with {count} element{}",
        g.expecting,
        if count == 1 { "" } else { "s" }
    );
    let elements = read.iter().enumerate().map(|(index, (i, field))| {
        let slot = slot(*i);
        let next = if field.deserialize_with.is_some() {
            let wrapper = wrapper(*i);
            quote! {
                ::core::option::Option::map(
                    #serde::de::SeqAccess::next_element::<#wrapper #ty_generics>(&mut __seq)?,
                    |__wrapped| __wrapped.value,
                )
            }
        } else {
            let ty = &field.ty;
            quote!(#serde::de::SeqAccess::next_element::<#ty>(&mut __seq)?)
        };
        let absent = match (&field.default, container_default.is_some()) {
            (Default::Trait, _) => quote!(::core::default::Default::default()),
            (Default::Path(path), _) => quote!(#path()),
            (Default::None, true) => {
                let member = &field.ident;
                quote!(__default.#member)
            }
            (Default::None, false) => quote! {
                return ::core::result::Result::Err(
                    <__S::Error as #serde::de::Error>::invalid_length(#index, &#expecting),
                )
            },
        };
        quote! {
            let #slot = match #next {
                ::core::option::Option::Some(__value) => __value,
                ::core::option::Option::None => #absent,
            };
        }
    });
    let values = s.fields.iter().enumerate().map(|(i, field)| {
        let member = &field.ident;
        if field.skip {
            let absent = absent(field, container_default.is_some(), &s.root);
            quote!(#member: #absent)
        } else {
            let slot = slot(i);
            quote!(#member: #slot)
        }
    });
    quote! {
        #[inline]
        fn visit_seq<__S: #serde::de::SeqAccess<'de>>(
            self,
            mut __seq: __S,
        ) -> ::core::result::Result<Self::Value, __S::Error> {
            #container_default
            #(#elements)*
            ::core::result::Result::Ok(#ident { #(#values,)* })
        }
    }
}

/// The type that decodes field `i` with its `deserialize_with` function.
fn wrapper(i: usize) -> Ident {
    format_ident!("__DeserializeWith{i}")
}

/// The local holding field `i` while the map is read (also its identifier's variant).
fn slot(i: usize) -> Ident {
    format_ident!("__field{i}")
}

/// The value of a field whose key is absent (or that is never read), as serde gives it.
fn absent(field: &Field, container_default: bool, root: &syn::Path) -> TokenStream {
    let member = &field.ident;
    let key = &field.key;
    let ty = &field.ty;
    match &field.default {
        Default::Trait => quote!(::core::default::Default::default()),
        Default::Path(path) => quote!(#path()),
        Default::None if container_default => quote!(__default.#member),
        Default::None if field.skip => quote!(::core::default::Default::default()),
        // serde's rule: a custom decoder is not asked about an absent key.
        Default::None if field.deserialize_with.is_some() => quote! {
            return ::core::result::Result::Err(
                <__A::Error as #root::de::__private::serde::de::Error>::missing_field(#key),
            )
        },
        // An absent `Option` is `None`; anything else is a `missing field` error.
        Default::None => quote!(#root::de::__private::missing_field::<#ty, __A::Error>(#key)?),
    }
}

/// The struct's generics plus `'de` and a `Deserialize<'de>` bound on each type parameter
/// that a decoded field's type mentions (serde's rule), and `CatchAll` on a generic catch-all.
fn add_bounds(s: &Struct) -> Generics {
    let root = &s.root;
    let mut generics = s.generics.clone();
    let type_params: Vec<Ident> = generics
        .type_params()
        .map(|param| param.ident.clone())
        .collect();
    let decoded: Vec<&Type> = s
        .fields
        .iter()
        .filter(|field| !field.skip && field.deserialize_with.is_none())
        .map(|field| &field.ty)
        .collect();
    let where_clause = generics.make_where_clause();
    for param in &type_params {
        if decoded
            .iter()
            .any(|ty| mentions(ty.to_token_stream(), param))
        {
            where_clause
                .predicates
                .push(parse_quote!(#param: #root::de::__private::serde::Deserialize<'de>));
        }
    }
    if let Some(catch_all) = &s.catch_all {
        let ty = &catch_all.ty;
        if type_params
            .iter()
            .any(|param| mentions(ty.to_token_stream(), param))
        {
            where_clause
                .predicates
                .push(parse_quote!(#ty: #root::de::CatchAll));
        }
    }
    generics
        .params
        .insert(0, GenericParam::Lifetime(parse_quote!('de)));
    generics
}

/// Whether `tokens` contain the identifier `ident`.
fn mentions(tokens: TokenStream, ident: &Ident) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(found) => found == *ident,
        TokenTree::Group(group) => mentions(group.stream(), ident),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}
