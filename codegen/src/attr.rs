//! Parse: the options of `#[resource(...)]` into [`Args`], syntax only, every error collected.
//!
//! Values are read with darling's `FromMeta`; the option names are dispatched here rather than
//! by a derived parser so that an unknown option lists every valid one, a duplicate points at
//! its second use, and the options that did parse survive an error in another, which lets
//! validation report its own findings in the same build (and the expansion keep the methods
//! whose options parsed). A misspelt option (`filter`) is read as the one its error suggests
//! (`filters`), so that the fallback expansion is what was meant.

use darling::ast::NestedMeta;
use darling::{Error, FromMeta};
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned as _;
use syn::{Expr, Ident, Lit, LitStr, Path, Type};

use crate::diag;

/// An enum of option names with its spelling and the list it belongs to.
macro_rules! option_names {
    ($(#[$doc:meta])* $name:ident in $context:literal { $($variant:ident = $spelling:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub(crate) enum $name {
            $($variant,)*
        }

        impl OptionName for $name {
            const ALL: &'static [Self] = &[$(Self::$variant,)*];
            const CONTEXT: &'static str = $context;

            fn spelling(self) -> &'static str {
                match self {
                    $(Self::$variant => $spelling,)*
                }
            }
        }
    };
}

/// The names of one option list: their spelling, in the order the documentation gives them.
pub(crate) trait OptionName: Copy + Eq + 'static {
    /// Every name, in order.
    const ALL: &'static [Self];
    /// The list in messages: `#[resource]`, `action(...)`.
    const CONTEXT: &'static str;

    /// The name as written.
    fn spelling(self) -> &'static str;

    /// The name spelled `text`, if any.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|name| name.spelling() == text)
    }

    /// Every spelling, in order.
    fn spellings() -> Vec<&'static str> {
        Self::ALL.iter().map(|name| name.spelling()).collect()
    }
}

option_names! {
    /// The options of `#[resource(...)]`.
    ResourceOption in "#[resource]" {
        Path = "path",
        Id = "id",
        Singleton = "singleton",
        Filters = "filters",
        Get = "get",
        List = "list",
        Create = "create",
        Update = "update",
        Delete = "delete",
        Action = "action",
        Crate = "crate",
    }
}

option_names! {
    /// The options of `action(...)`.
    ActionOption in "action(...)" {
        Name = "name",
        Method = "method",
        Path = "path",
        Body = "body",
        Returns = "returns",
        Doc = "doc",
    }
}

/// An option as written: where its name is, and its value if that parsed.
pub(crate) struct Written<T> {
    /// The option's name.
    pub(crate) span: Span,
    /// `None` when the value was unreadable (the error is reported already).
    pub(crate) value: Option<T>,
}

/// A value and where it was written.
#[derive(Clone)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// The value of an option that was written and parsed.
pub(crate) fn parsed<T>(option: Option<&Written<T>>) -> Option<&T> {
    option?.value.as_ref()
}

/// The options as written; `None` when absent.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) path: Option<Written<LitStr>>,
    pub(crate) id: Option<Written<Ident>>,
    pub(crate) singleton: Option<Written<bool>>,
    pub(crate) filters: Option<Written<Type>>,
    pub(crate) get: Option<Written<bool>>,
    pub(crate) list: Option<Written<bool>>,
    pub(crate) create: Option<Written<Type>>,
    pub(crate) update: Option<Written<Type>>,
    pub(crate) delete: Option<Written<bool>>,
    pub(crate) actions: Vec<ActionArgs>,
    pub(crate) krate: Option<Written<Path>>,
}

/// One `action(...)` as written.
pub(crate) struct ActionArgs {
    /// The `action` keyword, for errors about the action as a whole.
    pub(crate) span: Span,
    pub(crate) name: Option<Written<Ident>>,
    pub(crate) method: Option<Written<Spanned<String>>>,
    pub(crate) path: Option<Written<LitStr>>,
    pub(crate) body: Option<Written<Type>>,
    pub(crate) returns: Option<Written<Type>>,
    pub(crate) doc: Option<Written<LitStr>>,
}

/// Parses the tokens between the parentheses of `#[resource(...)]`; `None` when the list does
/// not parse at all (then nothing else is reported about the options, e.g. no "missing
/// `path`").
pub(crate) fn parse(tokens: TokenStream, errors: &mut darling::error::Accumulator) -> Option<Args> {
    let items = errors.handle(NestedMeta::parse_meta_list(tokens).map_err(Error::from))?;
    let mut args = Args::default();
    let mut typos = Vec::new();
    for item in &items {
        match key_of::<ResourceOption>(item, errors) {
            Some(Key::Written(key, span)) => resource_option(&mut args, item, key, span, errors),
            Some(Key::Typo(key, span)) => typos.push((item, key, span)),
            None => {}
        }
    }
    for_the_fallback(typos, |(item, key, span), quiet| {
        resource_option(&mut args, item, key, span, quiet);
    });
    Some(args)
}

/// Reads the options written with a typo as the option the error suggests, unless that option
/// is written too. Only the fallback expansion uses them, to stay close to what was meant; the
/// problems of their values are left unreported until the typo is fixed.
fn for_the_fallback<T>(typos: Vec<T>, mut read: impl FnMut(T, &mut darling::error::Accumulator)) {
    let mut quiet = darling::Error::accumulator();
    for typo in typos {
        read(typo, &mut quiet);
    }
    drop(quiet.into_inner());
}

/// Reads one option of `#[resource(...)]` into `args`.
fn resource_option(
    args: &mut Args,
    item: &NestedMeta,
    key: ResourceOption,
    span: Span,
    errors: &mut darling::error::Accumulator,
) {
    match key {
        ResourceOption::Path => set(&mut args.path, (key, span), errors, |e| {
            string(item, key, "\"/widgets\"", e)
        }),
        ResourceOption::Id => set(&mut args.id, (key, span), errors, |e| value(item, e)),
        ResourceOption::Singleton => {
            set(&mut args.singleton, (key, span), errors, |e| {
                switch(item, key, e)
            });
        }
        ResourceOption::Filters => {
            set(&mut args.filters, (key, span), errors, |e| value(item, e));
        }
        ResourceOption::Get => {
            set(&mut args.get, (key, span), errors, |e| switch(item, key, e));
        }
        ResourceOption::List => set(&mut args.list, (key, span), errors, |e| {
            switch(item, key, e)
        }),
        ResourceOption::Create => {
            set(&mut args.create, (key, span), errors, |e| value(item, e));
        }
        ResourceOption::Update => {
            set(&mut args.update, (key, span), errors, |e| value(item, e));
        }
        ResourceOption::Delete => {
            set(&mut args.delete, (key, span), errors, |e| {
                switch(item, key, e)
            });
        }
        ResourceOption::Action => {
            if let Some(action) = action(item, span, errors) {
                args.actions.push(action);
            }
        }
        ResourceOption::Crate => set(&mut args.krate, (key, span), errors, |e| value(item, e)),
    }
}

/// Parses `action(name = …, method = …, path = …, body = …, returns = …, doc = …)`.
fn action(
    item: &NestedMeta,
    span: Span,
    errors: &mut darling::error::Accumulator,
) -> Option<ActionArgs> {
    let NestedMeta::Meta(syn::Meta::List(list)) = item else {
        errors.push(diag::at(
            span,
            "`action` takes a list: `action(name = run, method = POST, path = \"/{id}/run\")`",
        ));
        return None;
    };
    let items =
        errors.handle(NestedMeta::parse_meta_list(list.tokens.clone()).map_err(Error::from))?;
    let mut action = ActionArgs {
        span,
        name: None,
        method: None,
        path: None,
        body: None,
        returns: None,
        doc: None,
    };
    let mut typos = Vec::new();
    for item in &items {
        match key_of::<ActionOption>(item, errors) {
            Some(Key::Written(key, span)) => action_option(&mut action, item, key, span, errors),
            Some(Key::Typo(key, span)) => typos.push((item, key, span)),
            None => {}
        }
    }
    for_the_fallback(typos, |(item, key, span), quiet| {
        action_option(&mut action, item, key, span, quiet);
    });
    Some(action)
}

/// Reads one option of `action(...)` into `action`.
fn action_option(
    action: &mut ActionArgs,
    item: &NestedMeta,
    key: ActionOption,
    span: Span,
    errors: &mut darling::error::Accumulator,
) {
    match key {
        ActionOption::Name => set(&mut action.name, (key, span), errors, |e| value(item, e)),
        ActionOption::Method => {
            set(&mut action.method, (key, span), errors, |e| method(item, e));
        }
        ActionOption::Path => set(&mut action.path, (key, span), errors, |e| {
            string(item, key, "\"/{id}/run\"", e)
        }),
        ActionOption::Body => set(&mut action.body, (key, span), errors, |e| value(item, e)),
        ActionOption::Returns => {
            set(&mut action.returns, (key, span), errors, |e| value(item, e));
        }
        ActionOption::Doc => set(&mut action.doc, (key, span), errors, |e| {
            string(item, key, "\"Runs the automation.\"", e)
        }),
    }
}

/// Records an option written at `span`, reading its value with `read`; a second use of the
/// same option is reported and ignored.
fn set<T>(
    slot: &mut Option<Written<T>>,
    (key, span): (impl OptionName, Span),
    errors: &mut darling::error::Accumulator,
    read: impl FnOnce(&mut darling::error::Accumulator) -> Option<T>,
) {
    if slot.is_some() {
        errors.push(diag::at(
            span,
            format!(
                "duplicate option `{}`: it is already set earlier in this list",
                key.spelling()
            ),
        ));
        return;
    }
    *slot = Some(Written {
        span,
        value: read(errors),
    });
}

/// The name of an option and where it is written.
enum Key<N> {
    /// One of the names.
    Written(N, Span),
    /// A typo of this name, reported already.
    Typo(N, Span),
}

/// The option name of `item` if it is one of `N`; otherwise reports it and returns the name
/// the error suggests, if any.
fn key_of<N: OptionName>(
    item: &NestedMeta,
    errors: &mut darling::error::Accumulator,
) -> Option<Key<N>> {
    let path = match item {
        NestedMeta::Meta(meta) => meta.path(),
        NestedMeta::NameValueInvalidExpr(meta) => &meta.path,
        NestedMeta::Lit(lit) => {
            let known = N::spellings();
            errors.push(diag::at(
                lit.span(),
                format!(
                    "expected an option such as `{} = …`, found a literal; the options of \
                     `{}` are: {}",
                    known[0],
                    N::CONTEXT,
                    diag::list(&known)
                ),
            ));
            return None;
        }
    };
    let key = path.get_ident().and_then(|key| N::parse(&key.to_string()));
    if let Some(key) = key {
        return Some(Key::Written(key, path.span()));
    }
    let known = N::spellings();
    let written = path_text(path);
    errors.push(diag::spanned(
        path,
        format!(
            "unknown option `{written}`{}; the options of `{}` are: {}",
            diag::did_you_mean(&written, &known),
            N::CONTEXT,
            diag::list(&known)
        ),
    ));
    diag::suggestion(&written, &known)
        .and_then(N::parse)
        .map(|key| Key::Typo(key, path.span()))
}

/// Reads the value of `key = value` with darling.
fn value<T: FromMeta>(item: &NestedMeta, errors: &mut darling::error::Accumulator) -> Option<T> {
    errors.handle(T::from_nested_meta(item))
}

/// Reads `key = "text"`.
fn string(
    item: &NestedMeta,
    key: impl OptionName,
    example: &str,
    errors: &mut darling::error::Accumulator,
) -> Option<LitStr> {
    if let NestedMeta::Meta(syn::Meta::NameValue(nv)) = item
        && let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) = &nv.value
    {
        return Some(s.clone());
    }
    errors.push(diag::spanned(
        value_tokens(item),
        format!("expected a string: `{} = {example}`", key.spelling()),
    ));
    None
}

/// Reads `key`, `key = true` or `key = false`.
fn switch(
    item: &NestedMeta,
    key: impl OptionName,
    errors: &mut darling::error::Accumulator,
) -> Option<bool> {
    let on = match item {
        NestedMeta::Meta(syn::Meta::Path(_)) => Some(true),
        NestedMeta::Meta(syn::Meta::NameValue(nv)) => match &nv.value {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Bool(b), ..
            }) => Some(b.value),
            _ => None,
        },
        _ => None,
    };
    if on.is_none() {
        let key = key.spelling();
        errors.push(diag::spanned(
            value_tokens(item),
            format!("expected `{key}`, `{key} = true` or `{key} = false`"),
        ));
    }
    on
}

/// Reads an HTTP method, written `POST` or `"POST"`.
fn method(item: &NestedMeta, errors: &mut darling::error::Accumulator) -> Option<Spanned<String>> {
    let read = match item {
        NestedMeta::Meta(syn::Meta::NameValue(nv)) => match &nv.value {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(Spanned {
                value: s.value(),
                span: s.span(),
            }),
            Expr::Path(p) => p.path.get_ident().map(|i| Spanned {
                value: i.to_string(),
                span: i.span(),
            }),
            _ => None,
        },
        _ => None,
    };
    if read.is_none() {
        errors.push(diag::spanned(
            value_tokens(item),
            "expected an HTTP method such as `method = POST`",
        ));
    }
    read
}

/// The value of `key = value` (or the whole item, for other forms), for error spans.
fn value_tokens(item: &NestedMeta) -> TokenStream {
    match item {
        NestedMeta::Meta(syn::Meta::NameValue(nv)) => nv.value.to_token_stream(),
        NestedMeta::NameValueInvalidExpr(nv) => nv.value.clone(),
        other => other.to_token_stream(),
    }
}

/// `a::b` for a path, as written.
fn path_text(path: &Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let lead = if path.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    format!("{lead}{}", segments.join("::"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_their_spelling() {
        for name in ResourceOption::ALL {
            assert_eq!(ResourceOption::parse(name.spelling()), Some(*name));
        }
        for name in ActionOption::ALL {
            assert_eq!(ActionOption::parse(name.spelling()), Some(*name));
        }
        assert_eq!(ResourceOption::parse("pagination"), None);
        assert_eq!(ResourceOption::spellings()[0], "path");
    }

    #[test]
    fn a_repeated_option_is_reported_once_and_the_first_value_kept() {
        let mut errors = darling::Error::accumulator();
        let args = parse(quote::quote!(get = false, get), &mut errors).unwrap();
        let found = errors.into_inner();
        assert_eq!(found.len(), 1);
        assert!(
            found[0].to_string().contains("duplicate option"),
            "{}",
            found[0]
        );
        assert_eq!(parsed(args.get.as_ref()), Some(&false));
    }
}
