//! Emit: the `Resource` impl and one inherent impl of thin methods, each a single call into
//! the runtime's generic operations. No request, retry or paging logic is written here.
//!
//! Everything is named by absolute paths: the runtime through the resource's root
//! (`::ittybit` unless `crate = …`), the standard library through `::core`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{Ident, Type};

use crate::docs;
use crate::model::{Action, Id, Method, Resource};

/// The items generated for a valid `r` (the struct itself is emitted by the caller).
pub(crate) fn emit(r: &Resource) -> TokenStream {
    let resource = resource(r, Body::Call);
    let inherent = inherent(r, Body::Call);
    quote!(#resource #inherent)
}

/// The items generated for an `r` with a problem: the `Resource` impl and the methods whose
/// options could be read, with bodies that cannot run and no documentation, so that code using the
/// resource compiles and the build shows the problem alone (as thiserror's fallback does).
pub(crate) fn fallback(r: &Resource) -> TokenStream {
    let resource = resource(r, Body::Unreachable);
    let inherent = inherent(r, Body::Unreachable);
    quote!(#resource #inherent)
}

/// `impl Resource`: the path, the filters, the id's type and accessor. None for a singleton,
/// nor for a struct with lifetimes (refused already), which could never be one.
fn resource(r: &Resource, body: Body) -> Option<TokenStream> {
    if r.is_singleton() || r.generics.lifetimes().next().is_some() {
        return None;
    }
    let Resource {
        ident,
        generics,
        root,
        path,
        id,
        ..
    } = r;
    let (impl_generics, ty_generics, _) = generics.split_for_impl();
    let field = match id {
        Id::Field(field) => Some(&**field),
        Id::Singleton | Id::Missing => None,
    };
    let where_clause = where_clause(r, field.map(|field| &field.ty));
    let filters = filters(r);
    // `type Id` names the field's type with its own span, so a type that does not display is
    // reported on the field. Without a field (a fallback), the id is text.
    let id_ty = field.map_or_else(
        || quote!(::core::primitive::str),
        |field| field.ty.to_token_stream(),
    );
    let accessor = match (body, field) {
        (Body::Call, Some(field)) => {
            let name = &field.ident;
            quote!(&self.#name)
        }
        (Body::Call | Body::Unreachable, _) => quote!(::core::unreachable!()),
    };
    Some(quote! {
        impl #impl_generics #root::Resource for #ident #ty_generics #where_clause {
            const PATH: &'static ::core::primitive::str = #path;
            type Filters = #filters;
            type Id = #id_ty;
            fn id(&self) -> &Self::Id {
                #accessor
            }
        }
    })
}

/// What the generated methods do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    /// Call the runtime.
    Call,
    /// Nothing: the expansion is a fallback beside an error.
    Unreachable,
}

fn inherent(r: &Resource, body: Body) -> Option<TokenStream> {
    let methods = methods(r, body);
    if methods.is_empty() {
        return None;
    }
    let Resource {
        ident, generics, ..
    } = r;
    let (impl_generics, ty_generics, _) = generics.split_for_impl();
    let where_clause = where_clause(r, None);
    let allow = match body {
        Body::Call => quote!(#[allow(dead_code)]),
        Body::Unreachable => quote!(#[allow(dead_code, unused_variables)]),
    };
    Some(quote! {
        #allow
        impl #impl_generics #ident #ty_generics #where_clause {
            #(#methods)*
        }
    })
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
fn methods(r: &Resource, body: Body) -> Vec<TokenStream> {
    let mut out = if r.is_singleton() {
        singleton_methods(r, body)
    } else {
        item_methods(r, body)
    };
    out.extend(r.actions.iter().map(|a| action(r, a, body)));
    out
}

/// `get` and `update` of a singleton, at its path.
fn singleton_methods(r: &Resource, body: Body) -> Vec<TokenStream> {
    let Resource { root, path, .. } = r;
    let mut out = Vec::new();
    if r.get {
        out.push(method(
            r,
            body,
            Spec {
                name: named("get"),
                doc: docs::singleton_get(r),
                retry: Some(Method::Get),
                id: false,
                input: None,
                returns: quote!(#root::Call<Self>),
                call: |args| {
                    quote!(#root::ops::singleton(
                        client,
                        #root::__private::Method::GET,
                        #path,
                        #args,
                        #root::ops::NO_BODY,
                    ))
                },
            },
        ));
    }
    if let Some(ty) = &r.update {
        out.push(method(
            r,
            body,
            Spec {
                name: named("update"),
                doc: docs::singleton_update(r, ty),
                retry: Some(Method::Patch),
                id: false,
                input: Some(quote!(body: &#ty)),
                returns: quote!(#root::Call<Self>),
                call: |args| {
                    quote!(#root::ops::singleton(
                        client,
                        #root::__private::Method::PATCH,
                        #path,
                        #args,
                        ::core::option::Option::Some(body),
                    ))
                },
            },
        ));
    }
    out
}

/// The operations of a resource with ids.
fn item_methods(r: &Resource, body: Body) -> Vec<TokenStream> {
    let root = &r.root;
    let mut out = Vec::new();
    if r.get {
        out.push(method(
            r,
            body,
            Spec {
                name: named("get"),
                doc: docs::get(r),
                retry: Some(Method::Get),
                id: true,
                input: None,
                returns: quote!(#root::Call<Self>),
                call: |args| quote!(#root::ops::get::<Self>(client, #args)),
            },
        ));
    }
    if r.list {
        out.extend(list_methods(r, body));
    }
    if let Some(ty) = &r.create {
        out.push(method(
            r,
            body,
            Spec {
                name: named("create"),
                doc: docs::create(r, ty),
                retry: Some(Method::Post),
                id: false,
                input: Some(quote!(body: &#ty)),
                returns: quote!(#root::Call<Self>),
                call: |args| quote!(#root::ops::create::<Self, #ty>(client, #args, body)),
            },
        ));
    }
    if let Some(ty) = &r.update {
        out.push(method(
            r,
            body,
            Spec {
                name: named("update"),
                doc: docs::update(r, ty),
                retry: Some(Method::Patch),
                id: true,
                input: Some(quote!(body: &#ty)),
                returns: quote!(#root::Call<Self>),
                call: |args| quote!(#root::ops::update::<Self, #ty>(client, #args, body)),
            },
        ));
    }
    if r.delete {
        out.push(method(
            r,
            body,
            Spec {
                name: named("delete"),
                doc: docs::delete(r),
                retry: Some(Method::Delete),
                id: true,
                input: None,
                returns: quote!(#root::Call<()>),
                call: |args| quote!(#root::ops::delete::<Self>(client, #args)),
            },
        ));
    }
    out
}

/// `list`, `stream` and `pages`.
fn list_methods(r: &Resource, body: Body) -> Vec<TokenStream> {
    let root = &r.root;
    let filters = filters(r);
    let params = quote!(params: &#root::ListParams<#filters>);
    let mut out = Vec::new();
    out.push(method(
        r,
        body,
        Spec {
            name: named("list"),
            doc: docs::list(r),
            retry: Some(Method::Get),
            id: false,
            input: Some(params.clone()),
            returns: quote!(#root::Call<#root::Page<Self>>),
            call: |args| quote!(#root::ops::list::<Self>(client, #args, params)),
        },
    ));
    out.push(method(
        r,
        body,
        Spec {
            name: named("stream"),
            doc: docs::stream(r),
            retry: None,
            id: false,
            input: Some(params.clone()),
            returns: quote!(#root::ItemStream<Self>),
            call: |args| quote!(#root::ops::stream::<Self>(client, #args, params)),
        },
    ));
    out.push(method(
        r,
        body,
        Spec {
            name: named("pages"),
            doc: docs::pages(r),
            retry: None,
            id: false,
            input: Some(params),
            returns: quote!(#root::PageStream<Self>),
            call: |args| quote!(#root::ops::pages::<Self>(client, #args, params)),
        },
    ));
    out
}

/// One generated method, before it is written out.
struct Spec<F> {
    name: Ident,
    doc: Vec<String>,
    /// The HTTP method whose retry sentence the docs end with.
    retry: Option<Method>,
    /// Whether the method takes an id after the path's parameters.
    id: bool,
    /// The parameter after the path's (and the id), e.g. `body: &NewWidget`.
    input: Option<TokenStream>,
    returns: TokenStream,
    /// The runtime call, given the expression of the path's values.
    call: F,
}

fn named(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `fn name(client, path params…, [id,] [input]) -> returns { call(&[values…]) }` with its
/// rustdoc (none in a fallback, whose body cannot run).
fn method(
    r: &Resource,
    body: Body,
    spec: Spec<impl FnOnce(TokenStream) -> TokenStream>,
) -> TokenStream {
    let Resource {
        vis, root, params, ..
    } = r;
    let Spec {
        name,
        doc: doc_lines,
        retry,
        id,
        input,
        returns,
        call,
    } = spec;
    let id = id.then(|| named("id"));
    let values: Vec<&Ident> = params.iter().chain(&id).collect();
    let display = quote!(impl ::core::fmt::Display);
    let input = input.map(|input| quote!(, #input));
    let (doc, body) = match body {
        Body::Call => (doc(r, &doc_lines, retry), call(quote!(&[#(&#values),*]))),
        Body::Unreachable => (TokenStream::new(), quote!(::core::unreachable!())),
    };
    quote! {
        #doc
        #vis fn #name(client: &#root::Client #(, #values: #display)* #input) -> #returns {
            #body
        }
    }
}

/// `#[doc = " line"]` for each line; with `retry`, the runtime's sentence on whether that
/// HTTP method is safe to repeat (linking to `RetryPolicy`) ends the last paragraph.
fn doc(r: &Resource, lines: &[String], retry: Option<Method>) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    let retry = retry.map(|method| {
        let root = &r.root;
        let method = Ident::new(method.as_str(), Span::call_site());
        let link = format!("{}::retry::RetryPolicy", docs::path_text(root));
        quote!(#[doc = #root::__private::retry_doc!(#method, #link)])
    });
    quote!(#(#lines)* #retry)
}

fn action(r: &Resource, action: &Action, body: Body) -> TokenStream {
    let root = &r.root;
    let returns = action
        .returns
        .as_ref()
        .map_or_else(|| quote!(Self), ToTokens::to_token_stream);
    let verb = Ident::new(action.method.as_str(), action.name.span());
    let (input, body_arg) = match &action.body {
        Some(ty) => (
            Some(quote!(body: &#ty)),
            quote!(::core::option::Option::Some(body)),
        ),
        None => (None, quote!(#root::ops::NO_BODY)),
    };
    let call = |args: TokenStream| {
        if r.is_singleton() {
            let path = format!("{}{}", r.path, action.suffix);
            quote!(#root::ops::singleton(
                client,
                #root::__private::Method::#verb,
                #path,
                #args,
                #body_arg,
            ))
        } else {
            let suffix = &action.suffix;
            quote!(#root::ops::action::<Self, #returns>(
                client,
                #root::__private::Method::#verb,
                #suffix,
                #args,
                #body_arg,
            ))
        }
    };
    method(
        r,
        body,
        Spec {
            name: action.name.clone(),
            doc: docs::action(r, action),
            retry: Some(action.method),
            id: action.takes_id,
            input,
            returns: quote!(#root::Call<#returns>),
            call,
        },
    )
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
