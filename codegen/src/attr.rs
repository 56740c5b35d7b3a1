//! Parse: the options of `#[resource(...)]` into [`Args`], syntax only, every error collected.
//!
//! Values are read with darling's `FromMeta`; the option names are dispatched here rather than
//! by a derived parser so that an unknown option lists every valid one, a duplicate points at
//! its second use, and the options that did parse survive an error in another, which lets
//! validation report its own findings in the same build.

use darling::ast::NestedMeta;
use darling::{Error, FromMeta};
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Expr, Ident, Lit, LitStr, Path, Type};

use crate::diag;

/// The options of `#[resource(...)]`, in the order the documentation gives them.
pub(crate) const OPTIONS: &[&str] = &[
    "path", "id", "filters", "get", "list", "create", "update", "delete", "action", "crate",
];

/// The options of `action(...)`.
pub(crate) const ACTION_OPTIONS: &[&str] = &["name", "method", "path", "body", "returns", "doc"];

/// The options as written, each with its span; `None` when absent or unreadable.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) path: Option<LitStr>,
    pub(crate) id: Option<Ident>,
    pub(crate) filters: Option<Type>,
    pub(crate) get: Option<bool>,
    pub(crate) list: Option<bool>,
    pub(crate) create: Option<Type>,
    pub(crate) update: Option<Type>,
    pub(crate) delete: Option<bool>,
    pub(crate) actions: Vec<ActionArgs>,
    pub(crate) krate: Option<Path>,
    /// Whether the option list parsed at all (after a syntax error nothing else is reported
    /// about the options, e.g. no "missing `path`").
    pub(crate) readable: bool,
    /// Whether `path` was written, even if its value was unreadable.
    pub(crate) path_written: bool,
}

/// One `action(...)` as written.
pub(crate) struct ActionArgs {
    /// The `action` keyword, for errors about the action as a whole.
    pub(crate) span: Span,
    pub(crate) name: Option<Ident>,
    pub(crate) method: Option<(String, Span)>,
    pub(crate) path: Option<LitStr>,
    pub(crate) body: Option<Type>,
    pub(crate) returns: Option<Type>,
    pub(crate) doc: Option<LitStr>,
    /// Whether `name`, `method` and `path` were written (perhaps unreadably).
    pub(crate) written: [bool; 3],
}

/// Parses the tokens between the parentheses of `#[resource(...)]`.
pub(crate) fn parse(tokens: TokenStream, errors: &mut darling::error::Accumulator) -> Args {
    let mut args = Args::default();
    let Some(items) = errors.handle(NestedMeta::parse_meta_list(tokens).map_err(Error::from))
    else {
        return args;
    };
    args.readable = true;
    let mut seen = Seen::default();
    for item in &items {
        let Some((key, span)) = key_of(item, OPTIONS, "#[resource]", errors) else {
            continue;
        };
        if key != "action" && !seen.first(&key, span, errors) {
            continue;
        }
        match key.as_str() {
            "path" => {
                args.path_written = true;
                args.path = string(item, &key, "\"/widgets\"", errors);
            }
            "id" => args.id = value(item, errors),
            "filters" => args.filters = value(item, errors),
            "get" => args.get = switch(item, &key, errors),
            "list" => args.list = switch(item, &key, errors),
            "create" => args.create = value(item, errors),
            "update" => args.update = value(item, errors),
            "delete" => args.delete = switch(item, &key, errors),
            "action" => {
                if let Some(action) = action(item, span, errors) {
                    args.actions.push(action);
                }
            }
            "crate" => args.krate = value(item, errors),
            _ => unreachable!("`{key}` is in OPTIONS but has no parser"),
        }
    }
    args
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
        written: [false; 3],
    };
    let mut seen = Seen::default();
    for item in &items {
        let Some((key, span)) = key_of(item, ACTION_OPTIONS, "action(...)", errors) else {
            continue;
        };
        if !seen.first(&key, span, errors) {
            continue;
        }
        match key.as_str() {
            "name" => {
                action.written[0] = true;
                action.name = value(item, errors);
            }
            "method" => {
                action.written[1] = true;
                action.method = method(item, errors);
            }
            "path" => {
                action.written[2] = true;
                action.path = string(item, &key, "\"/{id}/run\"", errors);
            }
            "body" => action.body = value(item, errors),
            "returns" => action.returns = value(item, errors),
            "doc" => action.doc = string(item, &key, "\"Runs the automation.\"", errors),
            _ => unreachable!("`{key}` is in ACTION_OPTIONS but has no parser"),
        }
    }
    Some(action)
}

/// The option name of `item` if it is one of `known`; otherwise reports it and returns `None`.
fn key_of(
    item: &NestedMeta,
    known: &[&str],
    context: &str,
    errors: &mut darling::error::Accumulator,
) -> Option<(String, Span)> {
    let path = match item {
        NestedMeta::Meta(meta) => meta.path(),
        NestedMeta::NameValueInvalidExpr(meta) => &meta.path,
        NestedMeta::Lit(lit) => {
            errors.push(diag::at(
                lit.span(),
                format!(
                    "expected an option such as `{} = …`, found a literal; the options of \
                     `{context}` are: {}",
                    known[0],
                    list(known)
                ),
            ));
            return None;
        }
    };
    let key = path.get_ident().map(ToString::to_string);
    match key {
        Some(key) if known.contains(&key.as_str()) => Some((key, path.span())),
        _ => {
            let written = path_text(path);
            let hint = suggestion(&written, known)
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            errors.push(diag::spanned(
                path,
                format!(
                    "unknown option `{written}`{hint}; the options of `{context}` are: {}",
                    list(known)
                ),
            ));
            None
        }
    }
}

/// Remembers which options were seen, to report a repeated one.
#[derive(Default)]
struct Seen(Vec<String>);

impl Seen {
    /// `true` the first time `key` is seen; reports a duplicate otherwise.
    fn first(&mut self, key: &str, span: Span, errors: &mut darling::error::Accumulator) -> bool {
        if self.0.iter().any(|seen| seen == key) {
            errors.push(diag::at(
                span,
                format!("duplicate option `{key}`: it is already set earlier in this list"),
            ));
            false
        } else {
            self.0.push(key.to_owned());
            true
        }
    }
}

/// Reads the value of `key = value` with darling.
fn value<T: FromMeta>(item: &NestedMeta, errors: &mut darling::error::Accumulator) -> Option<T> {
    errors.handle(T::from_nested_meta(item))
}

/// Reads `key = "text"`.
fn string(
    item: &NestedMeta,
    key: &str,
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
        format!("expected a string: `{key} = {example}`"),
    ));
    None
}

/// Reads `key`, `key = true` or `key = false`.
fn switch(item: &NestedMeta, key: &str, errors: &mut darling::error::Accumulator) -> Option<bool> {
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
        errors.push(diag::spanned(
            value_tokens(item),
            format!("expected `{key}`, `{key} = true` or `{key} = false`"),
        ));
    }
    on
}

/// Reads an HTTP method, written `POST` or `"POST"`.
fn method(item: &NestedMeta, errors: &mut darling::error::Accumulator) -> Option<(String, Span)> {
    let read = match item {
        NestedMeta::Meta(syn::Meta::NameValue(nv)) => match &nv.value {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => Some((s.value(), s.span())),
            Expr::Path(p) => p.path.get_ident().map(|i| (i.to_string(), i.span())),
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

/// `a`, `b`, `c`
pub(crate) fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The known name closest to `written`, if it is a plausible typo.
pub(crate) fn suggestion<'a>(written: &str, known: &[&'a str]) -> Option<&'a str> {
    let written = written.to_ascii_lowercase();
    known
        .iter()
        .map(|name| (edit_distance(&written, name), *name))
        .filter(|(distance, name)| *distance <= (name.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Edit distance counting an insertion, a deletion, a substitution or a swap of two
/// neighbours as one edit (optimal string alignment).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_only() {
        assert_eq!(suggestion("pth", OPTIONS), Some("path"));
        assert_eq!(suggestion("filter", OPTIONS), Some("filters"));
        assert_eq!(suggestion("Create", OPTIONS), Some("create"));
        assert_eq!(suggestion("krate", OPTIONS), Some("crate"));
        assert_eq!(suggestion("fitlers", OPTIONS), Some("filters"));
        assert_eq!(suggestion("pagination", OPTIONS), None);
        assert_eq!(suggestion("retry", ACTION_OPTIONS), None);
        assert_eq!(suggestion("metod", ACTION_OPTIONS), Some("method"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
