//! Emit: the `Resource` impl and one inherent impl of thin methods, each a single call into
//! the runtime's generic operations, with its rustdoc. No request, retry or paging logic is
//! written here. Everything is named by absolute paths: the runtime through the resource's
//! root (`::ittybit` unless `crate = …`), the standard library through `::core`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::{Ident, Type};

use crate::docs::{lines, text};
use crate::model::{Id, Resource};

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
    let resource = (!r.is_singleton() && generics.lifetimes().next().is_none()).then(|| {
        let field = match &r.id {
            Id::Field(field) => Some(&**field),
            Id::Singleton | Id::Missing => None,
        };
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
        let allow = if fallback {
            quote!(#[allow(dead_code, unused_variables)])
        } else {
            quote!(#[allow(dead_code)])
        };
        quote! {
            #allow
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

/// One generated method: `fn name(client, path params…, [id,] [input]) -> returns { call }`.
struct Spec {
    name: Ident,
    /// The paragraphs of its rustdoc; the last goes under `# Errors`.
    doc: Vec<String>,
    /// The HTTP method whose retry sentence ends the docs.
    retry: Option<&'static str>,
    /// Whether the method takes an id after the path's parameters.
    id: bool,
    /// The parameter after the path's (and the id), e.g. `body: &NewWidget`.
    input: Option<TokenStream>,
    returns: TokenStream,
    call: TokenStream,
}

/// Every method of `r`, in the documented order.
#[allow(clippy::too_many_lines)] // a flat list, one entry a method
fn methods(r: &Resource, fallback: bool) -> Vec<TokenStream> {
    let Resource {
        root, path, ident, ..
    } = r;
    // The slice of the path's values, without and with the id.
    let values = |id: bool| {
        let id = id.then(|| format_ident!("id"));
        let values = r.params.iter().chain(&id);
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
    let returns = quote!(#root::Call<Self>);
    let mut specs = Vec::new();
    if r.is_singleton() && r.get {
        specs.push(Spec {
            name: format_ident!("get"),
            doc: vec![
                format!("`GET {path}`: the `{ident}`."),
                "An error status, a transport failure or an undecodable body.".into(),
            ],
            retry: Some("GET"),
            id: false,
            input: None,
            returns: returns.clone(),
            call: singleton(format_ident!("GET"), path, &all, &no_body),
        });
    }
    if let (true, Some(ty)) = (r.is_singleton(), &r.update) {
        specs.push(Spec {
            name: format_ident!("update"),
            doc: vec![
                format!(
                    "`PATCH {path}` with a JSON `{}` body: the updated `{ident}`.",
                    text(ty)
                ),
                "An error status (400 for an invalid body), a transport failure or an \
                 undecodable body."
                    .into(),
            ],
            retry: Some("PATCH"),
            id: false,
            input: Some(quote!(body: &#ty)),
            returns: returns.clone(),
            call: singleton(format_ident!("PATCH"), path, &all, &some_body),
        });
    }
    if !r.is_singleton() && r.get {
        specs.push(Spec {
            name: format_ident!("get"),
            doc: vec![
                format!("`GET {path}/{{id}}`: the `{ident}` with this id."),
                "An error status (404 for an unknown id), a transport failure or an undecodable \
                 body."
                    .into(),
            ],
            retry: Some("GET"),
            id: true,
            input: None,
            returns: returns.clone(),
            call: quote!(#root::ops::get::<Self>(client, #one)),
        });
    }
    if r.list {
        let filters = filters(r);
        let params = Some(quote!(params: &#root::ListParams<#filters>));
        specs.extend([
            Spec {
                name: format_ident!("list"),
                doc: vec![
                    format!("`GET {path}`: one page of `{ident}`s, with the cursor to the next."),
                    "Invalid `params`, an error status, a transport failure or an undecodable \
                     body."
                        .into(),
                ],
                retry: Some("GET"),
                id: false,
                input: params.clone(),
                returns: quote!(#root::Call<#root::Page<Self>>),
                call: quote!(#root::ops::list::<Self>(client, #all, params)),
            },
            Spec {
                name: format_ident!("stream"),
                doc: vec![
                    format!(
                        "`GET {path}`, page after page: every `{ident}`, fetching ahead as it is \
                         read."
                    ),
                    "Yields the error that ends the walk (`list`'s, or a pagination fault), then \
                     ends."
                        .into(),
                ],
                retry: None,
                id: false,
                input: params.clone(),
                returns: quote!(#root::ItemStream<Self>),
                call: quote!(#root::ops::stream::<Self>(client, #all, params)),
            },
            Spec {
                name: format_ident!("pages"),
                doc: vec![
                    format!("`GET {path}`, page after page: every page of `{ident}`s."),
                    "Yields the error that ends the walk, as `stream` does, then ends.".into(),
                ],
                retry: None,
                id: false,
                input: params,
                returns: quote!(#root::PageStream<Self>),
                call: quote!(#root::ops::pages::<Self>(client, #all, params)),
            },
        ]);
    }
    if let Some(ty) = &r.create {
        specs.push(Spec {
            name: format_ident!("create"),
            doc: vec![
                format!(
                    "`POST {path}` with a JSON `{}` body: the created `{ident}`.",
                    text(ty)
                ),
                "An error status (400 for an invalid body), a transport failure or an \
                 undecodable body."
                    .into(),
            ],
            retry: Some("POST"),
            id: false,
            input: Some(quote!(body: &#ty)),
            returns: returns.clone(),
            call: quote!(#root::ops::create::<Self, #ty>(client, #all, body)),
        });
    }
    if let (false, Some(ty)) = (r.is_singleton(), &r.update) {
        specs.push(Spec {
            name: format_ident!("update"),
            doc: vec![
                format!(
                    "`PATCH {path}/{{id}}` with a JSON `{}` body: the updated `{ident}`.",
                    text(ty)
                ),
                "An error status (404 for an unknown id, 400 for an invalid body), a transport \
                 failure or an undecodable body."
                    .into(),
            ],
            retry: Some("PATCH"),
            id: true,
            input: Some(quote!(body: &#ty)),
            returns: returns.clone(),
            call: quote!(#root::ops::update::<Self, #ty>(client, #one, body)),
        });
    }
    if r.delete {
        specs.push(Spec {
            name: format_ident!("delete"),
            doc: vec![
                format!(
                    "`DELETE {path}/{{id}}`: deletes the `{ident}` with this id (any 2xx answer \
                     is success)."
                ),
                "An error status (404 for an unknown id) or a transport failure.".into(),
            ],
            retry: Some("DELETE"),
            id: true,
            input: None,
            returns: quote!(#root::Call<()>),
            call: quote!(#root::ops::delete::<Self>(client, #one)),
        });
    }
    for action in &r.actions {
        let returns = (action.returns.as_ref()).map_or_else(|| quote!(Self), |ty| quote!(#ty));
        let verb = Ident::new(action.method, action.name.span());
        let (input, body) = match &action.body {
            Some(ty) => (Some(quote!(body: &#ty)), &some_body),
            None => (None, &no_body),
        };
        let (values, suffix) = (values(action.takes_id), &action.suffix);
        let call = if r.is_singleton() {
            singleton(verb, &format!("{path}{suffix}"), &values, body)
        } else {
            let method = quote!(#root::__private::Method::#verb);
            quote!(#root::ops::action::<Self, #returns>(client, #method, #suffix, #values, #body,))
        };
        let sent = (action.body.as_ref()).map(|ty| format!(" with a JSON `{}` body", text(ty)));
        let answer = (action.returns.as_ref()).map_or_else(|| ident.to_string(), text);
        let sent = sent.unwrap_or_default();
        let mut doc: Vec<String> = action.doc.iter().cloned().collect();
        doc.push(format!(
            "`{} {path}{suffix}`{sent}, answered with `{answer}`.",
            action.method
        ));
        doc.push("An error status, a transport failure or an undecodable body.".into());
        specs.push(Spec {
            name: action.name.clone(),
            doc,
            retry: Some(action.method),
            id: action.takes_id,
            input,
            returns: quote!(#root::Call<#returns>),
            call,
        });
    }
    specs
        .into_iter()
        .map(|spec| spec.emit(r, fallback))
        .collect()
}

impl Spec {
    /// The method with its rustdoc, ending with the runtime's sentence on whether its HTTP
    /// method is safe to repeat (linking to `RetryPolicy`); without either in a fallback.
    fn emit(mut self, r: &Resource, fallback: bool) -> TokenStream {
        let Resource {
            vis, root, params, ..
        } = r;
        let id = self.id.then(|| format_ident!("id"));
        let values = params.iter().chain(&id);
        let display = quote!(impl ::core::fmt::Display);
        let input = self.input.map(|input| quote!(, #input));
        let (doc, body) = if fallback {
            (TokenStream::new(), quote!(::core::unreachable!()))
        } else {
            self.doc.insert(self.doc.len() - 1, "# Errors".into());
            let lines = lines(&self.doc).into_iter();
            let retry = self.retry.map(|method| {
                let method = Ident::new(method, Span::call_site());
                let link = format!(
                    "{}::retry::RetryPolicy",
                    text(root).trim_start_matches("::")
                );
                quote!(#[doc = #root::__private::retry_doc!(#method, #link)])
            });
            (quote!(#(#[doc = #lines])* #retry), self.call)
        };
        let (name, returns) = (self.name, self.returns);
        quote! {
            #doc
            #vis fn #name(client: &#root::Client #(, #values: #display)* #input) -> #returns {
                #body
            }
        }
    }
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
