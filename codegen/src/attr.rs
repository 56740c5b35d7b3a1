//! Parse: the options of `#[resource(...)]` into [`Args`], syntax only, every error collected.
//!
//! Values are read with darling's `FromMeta`, names dispatched here rather than by a derived
//! parser: an unknown option lists every valid one, a duplicate points at its second use, and
//! the options that parsed survive an error in another, for validation and the fallback.

use darling::ast::NestedMeta;
use darling::error::Accumulator;
use darling::{Error, FromMeta};
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned as _;
use syn::{Expr, ExprLit, Ident, Lit, LitStr, Meta, Path, Type};

use crate::diag;
use crate::docs::text;

/// An option as written: where its name is, and its value if that parsed (`None`: the error
/// is reported already).
pub(crate) struct Written<T> {
    pub(crate) span: Span,
    pub(crate) value: Option<T>,
}

/// The value of an option, if it was written and parsed.
pub(crate) fn parsed<T>(option: &[Written<T>]) -> Option<&T> {
    option.first()?.value.as_ref()
}

/// A struct with a field per option (in the order the documentation gives them) holding each
/// use of it, and how its value is read. Only `action` may be written more than once.
macro_rules! options {
    ($(#[$doc:meta])* $name:ident in $context:literal {
        $($field:ident: $ty:ty = $spelling:literal by $read:expr,)*
    }) => {
        $(#[$doc])*
        #[derive(Default)]
        pub(crate) struct $name {
            $(pub(crate) $field: Vec<Written<$ty>>,)*
        }

        impl Options for $name {
            const NAMES: &'static [&'static str] = &[$($spelling),*];
            const CONTEXT: &'static str = $context;

            fn read(&mut self, key: &str, item: &NestedMeta, span: Span, errors: &mut Accumulator) {
                match key {
                    $($spelling if key != "action" && !self.$field.is_empty() => {
                        let message = format!(
                            "duplicate option `{key}`: it is already set earlier in this list"
                        );
                        errors.push(diag::at(span, message));
                    }
                    $spelling => {
                        let value = ($read)(item, key, errors);
                        self.$field.push(Written { span, value });
                    })*
                    _ => unreachable!("`{key}` is not an option of {}", $context),
                }
            }
        }
    };
}

options! {
    /// The options of `#[resource(...)]` as written.
    Args in "#[resource]" {
        path: LitStr = "path" by string("\"/widgets\""),
        id: Ident = "id" by value,
        singleton: bool = "singleton" by switch,
        filters: Type = "filters" by value,
        get: bool = "get" by switch,
        list: bool = "list" by switch,
        create: Type = "create" by value,
        update: Type = "update" by value,
        delete: bool = "delete" by switch,
        actions: ActionArgs = "action" by action,
        krate: Path = "crate" by value,
    }
}

options! {
    /// One `action(...)` as written.
    ActionArgs in "action(...)" {
        name: Ident = "name" by value,
        method: LitStr = "method" by method,
        path: LitStr = "path" by string("\"/{id}/run\""),
        body: Type = "body" by value,
        returns: Type = "returns" by value,
        doc: LitStr = "doc" by string("\"Runs the automation.\""),
    }
}

/// A list of options: their names, its name in messages, and how each is read into its field.
pub(crate) trait Options: Default {
    const NAMES: &'static [&'static str];
    const CONTEXT: &'static str;

    fn read(&mut self, key: &str, item: &NestedMeta, span: Span, errors: &mut Accumulator);
}

/// Parses the tokens between the parentheses of `#[resource(...)]` or `action(...)`; `None`
/// when the list does not parse at all (then nothing else is reported about the options, e.g.
/// no "missing `path`").
pub(crate) fn parse<O: Options>(tokens: TokenStream, errors: &mut Accumulator) -> Option<O> {
    let items = errors.handle(NestedMeta::parse_meta_list(tokens).map_err(Error::from))?;
    let mut options = O::default();
    let mut typos = Vec::new();
    for item in &items {
        match key_of::<O>(item, errors) {
            Some((key, span, false)) => options.read(key, item, span, errors),
            Some((key, span, true)) => typos.push((key, item, span)),
            None => {}
        }
    }
    // An option written with a typo is read as the one its error suggests, unless that one is
    // written too. Only the fallback expansion uses it, to stay close to what was meant; the
    // problems of its value are left unreported until the typo is fixed.
    let mut quiet = Error::accumulator();
    for (key, item, span) in typos {
        options.read(key, item, span, &mut quiet);
    }
    drop(quiet.into_inner());
    Some(options)
}

/// The option name of `item` and where it is written, if it is one of `O`'s; otherwise reports
/// it and returns the name the error suggests, if any, marked as a typo (`true`).
fn key_of<O: Options>(
    item: &NestedMeta,
    errors: &mut Accumulator,
) -> Option<(&'static str, Span, bool)> {
    let (known, context, all) = (O::NAMES, O::CONTEXT, diag::list(O::NAMES));
    let Some(path) = name(item) else {
        let message = format!(
            "expected an option such as `{} = …`, found a literal; the options of `{context}` \
             are: {all}",
            known[0]
        );
        errors.push(diag::at(item.span(), message));
        return None;
    };
    let written = text(path);
    if let Some(key) = known.iter().find(|key| **key == written) {
        return Some((key, path.span(), false));
    }
    let hint = diag::did_you_mean(&written, known);
    let message =
        format!("unknown option `{written}`{hint}; the options of `{context}` are: {all}");
    errors.push(diag::spanned(path, message));
    diag::suggestion(&written, known).map(|key| (key, path.span(), true))
}

/// `None` for a literal.
fn name(item: &NestedMeta) -> Option<&Path> {
    match item {
        NestedMeta::Meta(meta) => Some(meta.path()),
        NestedMeta::NameValueInvalidExpr(meta) => Some(&meta.path),
        NestedMeta::Lit(_) => None,
    }
}

fn value<T: FromMeta>(item: &NestedMeta, _: &str, errors: &mut Accumulator) -> Option<T> {
    errors.handle(T::from_nested_meta(item))
}

fn action(item: &NestedMeta, _: &str, errors: &mut Accumulator) -> Option<ActionArgs> {
    if let NestedMeta::Meta(Meta::List(list)) = item {
        return parse(list.tokens.clone(), errors);
    }
    errors.push(diag::spanned(
        name(item),
        "`action` takes a list: `action(name = run, method = POST, path = \"/{id}/run\")`",
    ));
    None
}

/// Reads `key = "text"`; the error shows `example`.
fn string(example: &str) -> impl Fn(&NestedMeta, &str, &mut Accumulator) -> Option<LitStr> {
    move |item, key, errors| {
        let what = format!("a string: `{key} = {example}`");
        expected(method_or_string(item, false), item, &what, errors)
    }
}

/// Reads `key`, `key = true` or `key = false`.
fn switch(item: &NestedMeta, key: &str, errors: &mut Accumulator) -> Option<bool> {
    let read = match (item, value_of(item)) {
        (NestedMeta::Meta(Meta::Path(_)), _) => Some(true),
        (
            _,
            Some(Expr::Lit(ExprLit {
                lit: Lit::Bool(b), ..
            })),
        ) => Some(b.value),
        _ => None,
    };
    let what = format!("`{key}`, `{key} = true` or `{key} = false`");
    expected(read, item, &what, errors)
}

/// Reads an HTTP method, written `POST` or `"POST"`.
fn method(item: &NestedMeta, _: &str, errors: &mut Accumulator) -> Option<LitStr> {
    let read = method_or_string(item, true);
    expected(read, item, "an HTTP method such as `method = POST`", errors)
}

/// `key = "text"`, or with `ident`, `key = Ident` too.
fn method_or_string(item: &NestedMeta, ident: bool) -> Option<LitStr> {
    match value_of(item)? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.clone()),
        Expr::Path(p) if ident => {
            (p.path.get_ident()).map(|i| LitStr::new(&i.to_string(), i.span()))
        }
        _ => None,
    }
}

fn value_of(item: &NestedMeta) -> Option<&Expr> {
    match item {
        NestedMeta::Meta(Meta::NameValue(nv)) => Some(&nv.value),
        _ => None,
    }
}

/// `read`, or, when it is `None`, an error at the value of `item` saying what was expected.
fn expected<T>(
    read: Option<T>,
    item: &NestedMeta,
    what: &str,
    errors: &mut Accumulator,
) -> Option<T> {
    if read.is_none() {
        let value = match (value_of(item), item) {
            (Some(value), _) => value.to_token_stream(),
            (_, NestedMeta::NameValueInvalidExpr(nv)) => nv.value.clone(),
            (_, other) => other.to_token_stream(),
        };
        errors.push(diag::spanned(value, format!("expected {what}")));
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_in_the_documented_order() {
        assert_eq!(Args::NAMES[0], "path");
        assert_eq!(Args::NAMES[9], "action");
        assert_eq!(
            ActionArgs::NAMES,
            ["name", "method", "path", "body", "returns", "doc"]
        );
    }

    #[test]
    fn a_repeated_option_is_reported_once_and_the_first_value_kept() {
        let mut errors = darling::Error::accumulator();
        let args: Args = parse(quote::quote!(get = false, get), &mut errors).unwrap();
        let found = errors.into_inner();
        assert_eq!(found.len(), 1);
        assert!(
            found[0].to_string().contains("duplicate option"),
            "{}",
            found[0]
        );
        assert_eq!(parsed(&args.get), Some(&false));
    }
}
