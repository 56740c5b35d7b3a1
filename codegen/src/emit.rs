//! Emit: the `Resource` impl and one inherent impl of thin methods, each a single call into
//! the runtime's generic operations. No request, retry or paging logic is written here.
//!
//! Everything is named by absolute paths: the runtime through the resource's root
//! (`::ittybit` unless `crate = …`), the standard library through `::core`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::docs;
use crate::model::{Action, Resource};

/// The items generated for `r` (the struct itself is emitted by the caller).
pub(crate) fn emit(r: &Resource) -> TokenStream {
    let Resource {
        ident,
        generics,
        root,
        path,
        id_field,
        id_ty,
        ..
    } = r;
    let (impl_generics, ty_generics, _) = generics.split_for_impl();
    // A generic resource is one for the parameters that make it decodable and sendable; the
    // bounds are stated on the impls, so the struct needs none of its own.
    let generic = generics.type_params().next().is_some();
    // (The methods repeat the bound rather than say `Self: Resource`, which would hide the
    // impl's `Filters` type from them.)
    let where_clause = bounded(
        generics,
        generic.then(|| {
            quote!(Self: #root::__private::serde::de::DeserializeOwned + ::core::marker::Send + 'static)
        }),
    );
    let filters = filters(r);
    // The bound on the id field's type is checked at its span, so a field that is not text
    // is reported on its type.
    let id = quote_spanned! {id_ty.span()=>
        ::core::convert::AsRef::<::core::primitive::str>::as_ref(&self.#id_field)
    };

    let mut methods = Vec::new();
    if r.get {
        methods.push(get(r));
    }
    if r.list {
        methods.extend([list(r, &filters), stream(r, &filters), pages(r, &filters)]);
    }
    if let Some(body) = &r.create {
        methods.push(create(r, body));
    }
    if let Some(body) = &r.update {
        methods.push(update(r, body));
    }
    if r.delete {
        methods.push(delete(r));
    }
    methods.extend(r.actions.iter().map(|a| action(r, a)));

    let inherent = (!methods.is_empty()).then(|| {
        quote! {
            #[allow(dead_code)]
            impl #impl_generics #ident #ty_generics #where_clause {
                #(#methods)*
            }
        }
    });

    quote! {
        impl #impl_generics #root::Resource for #ident #ty_generics #where_clause {
            const PATH: &'static ::core::primitive::str = #path;
            type Filters = #filters;
            fn id(&self) -> &::core::primitive::str {
                #id
            }
        }
        #inherent
    }
}

/// The struct's where clause, plus `extra` when given.
fn bounded(generics: &syn::Generics, extra: Option<TokenStream>) -> Option<syn::WhereClause> {
    let mut generics = generics.clone();
    if let Some(extra) = extra {
        generics
            .make_where_clause()
            .predicates
            .push(syn::parse_quote!(#extra));
    }
    generics.where_clause
}

fn filters(r: &Resource) -> TokenStream {
    let root = &r.root;
    r.filters
        .as_ref()
        .map_or_else(|| quote!(#root::NoFilters), ToTokens::to_token_stream)
}

/// `#[doc = " line"]` for each line.
fn doc(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

fn get(r: &Resource) -> TokenStream {
    let Resource { vis, root, .. } = r;
    let doc = doc(&docs::get(r));
    quote! {
        #doc
        #vis fn get(client: &#root::Client, id: &::core::primitive::str) -> #root::Call<Self> {
            #root::ops::get::<Self>(client, id)
        }
    }
}

fn list(r: &Resource, filters: &TokenStream) -> TokenStream {
    let Resource { vis, root, .. } = r;
    let doc = doc(&docs::list(r));
    quote! {
        #doc
        #vis fn list(
            client: &#root::Client,
            params: &#root::ListParams<#filters>,
        ) -> #root::Call<#root::Page<Self>> {
            #root::ops::list::<Self>(client, params)
        }
    }
}

fn stream(r: &Resource, filters: &TokenStream) -> TokenStream {
    let Resource { vis, root, .. } = r;
    let doc = doc(&docs::stream(r));
    quote! {
        #doc
        #vis fn stream(
            client: &#root::Client,
            params: &#root::ListParams<#filters>,
        ) -> #root::ItemStream<Self> {
            #root::ops::stream::<Self>(client, params)
        }
    }
}

fn pages(r: &Resource, filters: &TokenStream) -> TokenStream {
    let Resource { vis, root, .. } = r;
    let doc = doc(&docs::pages(r));
    quote! {
        #doc
        #vis fn pages(
            client: &#root::Client,
            params: &#root::ListParams<#filters>,
        ) -> #root::PageStream<Self> {
            #root::ops::pages::<Self>(client, params)
        }
    }
}

fn create(r: &Resource, body: &syn::Type) -> TokenStream {
    let Resource { vis, root, .. } = r;
    let doc = doc(&docs::create(r, body));
    quote! {
        #doc
        #vis fn create(client: &#root::Client, body: &#body) -> #root::Call<Self> {
            #root::ops::create::<Self, #body>(client, body)
        }
    }
}

fn update(r: &Resource, body: &syn::Type) -> TokenStream {
    let Resource { vis, root, .. } = r;
    let doc = doc(&docs::update(r, body));
    quote! {
        #doc
        #vis fn update(
            client: &#root::Client,
            id: &::core::primitive::str,
            body: &#body,
        ) -> #root::Call<Self> {
            #root::ops::update::<Self, #body>(client, id, body)
        }
    }
}

fn delete(r: &Resource) -> TokenStream {
    let Resource { vis, root, .. } = r;
    let doc = doc(&docs::delete(r));
    quote! {
        #doc
        #vis fn delete(client: &#root::Client, id: &::core::primitive::str) -> #root::Call<()> {
            #root::ops::delete::<Self>(client, id)
        }
    }
}

fn action(r: &Resource, action: &Action) -> TokenStream {
    let Resource { vis, root, .. } = r;
    let doc = doc(&docs::action(r, action));
    let name = &action.name;
    let returns = action
        .returns
        .as_ref()
        .map_or_else(|| quote!(Self), ToTokens::to_token_stream);
    let method = syn::Ident::new(action.method.as_str(), name.span());
    let suffix = &action.suffix;
    let (id_param, id_arg) = if action.takes_id {
        (
            quote!(id: &::core::primitive::str,),
            quote!(::core::option::Option::Some(id)),
        )
    } else {
        (quote!(), quote!(::core::option::Option::None))
    };
    let (body_param, body_arg) = match &action.body {
        Some(body) => (
            quote!(body: &#body,),
            quote!(::core::option::Option::Some(body)),
        ),
        // The body type still has to be named: the unit type, never sent.
        None => (quote!(), quote!(::core::option::Option::None::<&()>)),
    };
    quote! {
        #doc
        #vis fn #name(client: &#root::Client, #id_param #body_param) -> #root::Call<#returns> {
            #root::ops::action::<Self, _, _>(
                client,
                #root::Method::#method,
                #suffix,
                #id_arg,
                #body_arg,
            )
        }
    }
}
