//! Emit: the `Resource` impl and one inherent impl of thin methods, each a single call into
//! the runtime's generic operations, with its rustdoc. No request, retry or paging logic is
//! written here. Everything is named by absolute paths: the runtime through the resource's
//! root (`::ittybit` unless `crate = …`), the standard library through `::core`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::{Ident, Type};

use crate::docs::{lines, text};
use crate::model::Resource;

/// The items generated for `r` (the struct itself is emitted by the caller). A `fallback`, for
/// an `r` with a problem, has bodies that never run and no docs, so that code using the
/// resource compiles and the build shows the problem alone (as thiserror's fallback does).
pub(crate) fn emit(r: &Resource, fallback: bool) -> TokenStream {
    let Resource {
        ident,
        generics,
        root,
        path,
        ..
    } = r;
    let (impl_generics, ty_generics, _) = generics.split_for_impl();
    let filters = filters(r);
    // None for a singleton, nor for a struct with lifetimes (refused already).
    let resource = (!r.singleton && generics.lifetimes().next().is_none()).then(|| {
        let field = r.id.as_ref();
        let where_clause = where_clause(r, field.map(|field| &field.ty));
        // `type Id` names the field's type with its own span, so a type that does not display
        // is reported on the field. Without a field (a fallback), the id is text.
        let id_ty = field.map_or_else(
            || quote!(::core::primitive::str),
            |field| field.ty.to_token_stream(),
        );
        let accessor = match field.and_then(|field| field.ident.as_ref()) {
            Some(name) if !fallback => quote!(&self.#name),
            _ => quote!(::core::unreachable!()),
        };
        quote! {
            impl #impl_generics #root::Resource for #ident #ty_generics #where_clause {
                const PATH: &'static ::core::primitive::str = #path;
                type Filters = #filters;
                type Id = #id_ty;
                fn id(&self) -> &Self::Id {
                    #accessor
                }
            }
        }
    });
    let methods = methods(r, fallback);
    let inherent = (!methods.is_empty()).then(|| {
        let where_clause = where_clause(r, None);
        let unused = fallback.then(|| quote!(, unused_variables));
        quote! {
            #[allow(dead_code #unused)]
            impl #impl_generics #ident #ty_generics #where_clause {
                #(#methods)*
            }
        }
    });
    quote!(#resource #inherent)
}

/// The struct's where clause, plus, for a generic resource, the bounds that make it one: a
/// generic resource is one for the parameters that make it decodable and sendable (and its id
/// displayable), so the struct needs no bounds of its own.
fn where_clause(r: &Resource, id: Option<&Type>) -> Option<syn::WhereClause> {
    let mut generics = r.generics.clone();
    if generics.type_params().next().is_some() {
        let root = &r.root;
        let predicates = &mut generics.make_where_clause().predicates;
        // (The methods repeat the bound rather than say `Self: Resource`, which would hide
        // the impl's `Filters` type from them.)
        predicates.push(syn::parse_quote!(
            Self: #root::__private::serde::de::DeserializeOwned + ::core::marker::Send + 'static
        ));
        if let Some(id) = id.filter(|id| mentions_a_parameter(id, &r.generics)) {
            predicates.push(syn::parse_quote!(#id: ::core::fmt::Display));
        }
    }
    generics.where_clause
}

/// Whether `ty` names one of the type parameters of `generics` (then `ty: Display` is a bound
/// of the impl rather than a fact to check).
fn mentions_a_parameter(ty: &Type, generics: &syn::Generics) -> bool {
    fn walk(tokens: TokenStream, names: &[&Ident]) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => names.contains(&&ident),
            proc_macro2::TokenTree::Group(group) => walk(group.stream(), names),
            _ => false,
        })
    }
    let names: Vec<&Ident> = generics.type_params().map(|param| &param.ident).collect();
    walk(ty.to_token_stream(), &names)
}

fn filters(r: &Resource) -> TokenStream {
    let root = &r.root;
    r.filters.as_ref().map_or_else(
        || quote!(#root::__private::NoFilters),
        ToTokens::to_token_stream,
    )
}

/// Every method of `r`, in the documented order.
#[allow(clippy::too_many_lines)] // a flat list, one entry a method
fn methods(r: &Resource, fallback: bool) -> Vec<TokenStream> {
    let Resource {
        vis,
        root,
        path,
        ident,
        params,
        singleton: single,
        ..
    } = r;
    // The slice of the path's values, without and with the id.
    let values = |id: bool| {
        let id = id.then(|| format_ident!("id"));
        let values = params.iter().chain(&id);
        quote!(&[#(&#values),*])
    };
    let (all, one) = (values(false), values(true));
    let no_body = quote!(#root::ops::NO_BODY);
    let some_body = quote!(::core::option::Option::Some(body));
    // What the methods of a singleton call, at their own path.
    let singleton = |verb: Ident, path: &str, values: &TokenStream, body: &TokenStream| {
        let method = quote!(#root::__private::Method::#verb);
        quote!(#root::ops::singleton(client, #method, #path, #values, #body,))
    };
    let errors = |status: &str| {
        format!("An error status{status}, a transport failure or an undecodable body.")
    };
    let link = text(root).trim_start_matches("::").to_owned() + "::retry::RetryPolicy";
    let mut methods = Vec::new();
    // One method: `fn name(client, path params…, [id,] [input]) -> returns { call }`, with its
    // rustdoc: `doc` (the last paragraph under `# Errors`), then the runtime's sentence on
    // whether the HTTP method `retry` is safe to repeat (linking to `RetryPolicy`). A fallback
    // has neither, and a body that never runs.
    let mut add =
        |name, retry: Option<_>, id, input: &Option<_>, returns: &_, call, mut doc: Vec<_>| {
            let id = Some(format_ident!("id")).filter(|_| id);
            let values = params.iter().chain(&id);
            let input = input.as_ref().map(|input| quote!(, #input));
            let (doc, body) = if fallback {
                (TokenStream::new(), quote!(::core::unreachable!()))
            } else {
                doc.insert(doc.len() - 1, "# Errors".into());
                let lines = lines(&doc).into_iter();
                let retry = retry.map(|method| {
                    let method = Ident::new(method, Span::call_site());
                    quote!(#[doc = #root::__private::retry_doc!(#method, #link)])
                });
                (quote!(#(#[doc = #lines])* #retry), call)
            };
            let display = quote!(impl ::core::fmt::Display);
            methods.push(quote! {
                #doc
                #vis fn #name(client: &#root::Client #(, #values: #display)* #input) -> #returns {
                    #body
                }
            });
        };
    let (get, post, patch) = (Some("GET"), Some("POST"), Some("PATCH"));
    let body = |ty: &Type| Some(quote!(body: &#ty));
    let named = |name: &str| Ident::new(name, Span::call_site());
    // An item's path, what it is, and what its errors add: the singleton's own, or the one with
    // this id.
    let (id, unknown) = (!single, "404 for an unknown id");
    let (at, this, status, prefix) = if *single {
        ("", "", String::new(), String::new())
    } else {
        (
            "/{id}",
            " with this id",
            format!(" ({unknown})"),
            format!("{unknown}, "),
        )
    };
    let it = quote!(#root::Call<Self>);
    if r.get {
        let call = if *single {
            singleton(named("GET"), path, &all, &no_body)
        } else {
            quote!(#root::ops::get::<Self>(client, #one))
        };
        let doc = vec![
            format!("`GET {path}{at}`: the `{ident}`{this}."),
            errors(&status),
        ];
        add(named("get"), get, id, &None, &it, call, doc);
    }
    if r.list {
        let filters = filters(r);
        let params = Some(quote!(params: &#root::ListParams<#filters>));
        let doc = vec![
            format!("`GET {path}`: one page of `{ident}`s, with the cursor to the next."),
            "Invalid `params`, an error status, a transport failure or an undecodable body.".into(),
        ];
        let page = quote!(#root::Call<#root::Page<Self>>);
        let call = quote!(#root::ops::list::<Self>(client, #all, params));
        add(named("list"), get, false, &params, &page, call, doc);
        let doc = vec![
            format!(
                "`GET {path}`, page after page: every `{ident}`, fetching ahead as it is read."
            ),
            "Yields the error that ends the walk (`list`'s, or a pagination fault), then ends."
                .into(),
        ];
        let items = quote!(#root::ItemStream<Self>);
        let call = quote!(#root::ops::stream::<Self>(client, #all, params));
        add(named("stream"), None, false, &params, &items, call, doc);
        let doc = vec![
            format!("`GET {path}`, page after page: every page of `{ident}`s."),
            "Yields the error that ends the walk, as `stream` does, then ends.".into(),
        ];
        let pages = quote!(#root::PageStream<Self>);
        let call = quote!(#root::ops::pages::<Self>(client, #all, params));
        add(named("pages"), None, false, &params, &pages, call, doc);
    }
    if let Some(ty) = &r.create {
        let sent = text(ty);
        let doc = vec![
            format!("`POST {path}` with a JSON `{sent}` body: the created `{ident}`."),
            errors(" (400 for an invalid body)"),
        ];
        let call = quote!(#root::ops::create::<Self, #ty>(client, #all, body));
        add(named("create"), post, false, &body(ty), &it, call, doc);
    }
    if let Some(ty) = &r.update {
        let sent = text(ty);
        let doc = vec![
            format!("`PATCH {path}{at}` with a JSON `{sent}` body: the updated `{ident}`."),
            errors(&format!(" ({prefix}400 for an invalid body)")),
        ];
        let call = if *single {
            singleton(named("PATCH"), path, &all, &some_body)
        } else {
            quote!(#root::ops::update::<Self, #ty>(client, #one, body))
        };
        add(named("update"), patch, id, &body(ty), &it, call, doc);
    }
    if r.delete {
        let doc = vec![
            format!(
                "`DELETE {path}/{{id}}`: deletes the `{ident}` with this id (any 2xx answer is \
                 success)."
            ),
            format!("An error status ({unknown}) or a transport failure."),
        ];
        let call = quote!(#root::ops::delete::<Self>(client, #one));
        let (unit, delete) = (quote!(#root::Call<()>), Some("DELETE"));
        add(named("delete"), delete, true, &None, &unit, call, doc);
    }
    for action in &r.actions {
        let returns = (action.returns.as_ref()).map_or_else(|| quote!(Self), |ty| quote!(#ty));
        let verb = Ident::new(action.method, action.name.span());
        let (values, suffix) = (values(action.takes_id), &action.suffix);
        let sent = action.body.as_ref().map_or(&no_body, |_| &some_body);
        let call = if *single {
            singleton(verb, &format!("{path}{suffix}"), &values, sent)
        } else {
            let method = quote!(#root::__private::Method::#verb);
            quote!(#root::ops::action::<Self, #returns>(client, #method, #suffix, #values, #sent,))
        };
        let sent = (action.body.as_ref()).map(|ty| format!(" with a JSON `{}` body", text(ty)));
        let answer = (action.returns.as_ref()).map_or_else(|| ident.to_string(), text);
        let (verb, sent) = (action.method, sent.unwrap_or_default());
        let mut doc: Vec<String> = action.doc.iter().cloned().collect();
        let what = format!("`{verb} {path}{suffix}`{sent}, answered with `{answer}`.");
        doc.extend([what, errors("")]);
        let input = action.body.as_ref().and_then(body);
        let returns = quote!(#root::Call<#returns>);
        let (name, id) = (action.name.clone(), action.takes_id);
        add(name, Some(verb), id, &input, &returns, call, doc);
    }
    methods
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_parameter_is_found_anywhere_in_a_type() {
        let generics: syn::Generics = syn::parse_quote!(<K, V>);
        let mentions = |ty: Type| mentions_a_parameter(&ty, &generics);
        assert!(mentions(syn::parse_quote!(K)));
        assert!(mentions(syn::parse_quote!(Wrapper<(u8, V)>)));
        assert!(mentions(syn::parse_quote!([V; 2])));
        assert!(!mentions(syn::parse_quote!(String)));
        assert!(!mentions(syn::parse_quote!(Kind<(u8, Vee)>)));
    }
}
