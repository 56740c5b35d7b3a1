//! The attributes `#[derive(Deserialize)]` reads: serde's own (`#[serde(...)]`, so one set of
//! attributes serves `serde::Serialize` too) and `#[ittybit(crate = …)]`.
//!
//! Attributes that only affect serialization are accepted and ignored; those that change
//! deserialization in ways this derive does not implement are refused with an error on the
//! attribute, so a struct never decodes differently from what its attributes say.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Path};

use super::case::Case;
use crate::diag;

/// How a field that is absent from the input gets its value.
#[derive(Clone)]
pub(crate) enum Default {
    /// `missing field` error (or `None` for an `Option`, as serde does).
    None,
    /// `#[serde(default)]`: `Default::default()`.
    Trait,
    /// `#[serde(default = "path")]`: `path()`.
    Path(Path),
}

/// The container's options.
pub(crate) struct Container {
    pub(crate) rename_all: Option<Case>,
    pub(crate) deny_unknown_fields: Option<Span>,
    pub(crate) default: Default,
    pub(crate) name: Option<String>,
    pub(crate) expecting: Option<String>,
    pub(crate) root: Option<Path>,
}

/// One field's options.
pub(crate) struct Field {
    pub(crate) rename: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) default: Default,
    pub(crate) flatten: Option<Span>,
    pub(crate) skip: bool,
    pub(crate) deserialize_with: Option<Path>,
}

/// What to tell a user whose attribute this derive does not implement.
const USE_SERDE: &str = "is not supported by `ittybit::Deserialize`; derive \
                         `serde::Deserialize` for this struct instead";

/// Reads the container's `#[serde(...)]` and `#[ittybit(...)]` attributes.
pub(crate) fn container(
    attrs: &[Attribute],
    errors: &mut darling::error::Accumulator,
) -> Container {
    let mut out = Container {
        rename_all: None,
        deny_unknown_fields: None,
        default: Default::None,
        name: None,
        expecting: None,
        root: None,
    };
    for attr in attrs {
        if attr.path().is_ident("ittybit") {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("crate") {
                    out.root = Some(path_value(&meta)?);
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown option: `#[ittybit(...)]` on a struct takes only `crate = path`",
                    ))
                }
            });
            errors.handle(result.map_err(darling::Error::from));
        }
        if !attr.path().is_ident("serde") {
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            match key.as_str() {
                "rename_all" => {
                    if let Some(name) = de_side(&meta)? {
                        let case = Case::from_name(&name.value()).ok_or_else(|| {
                            syn::Error::new(
                                name.span(),
                                format!(
                                    "unknown case convention; expected one of {}",
                                    Case::names()
                                ),
                            )
                        })?;
                        out.rename_all = Some(case);
                    }
                }
                "rename" => out.name = de_side(&meta)?.map(|name| name.value()),
                "expecting" => out.expecting = Some(meta.value()?.parse::<LitStr>()?.value()),
                "deny_unknown_fields" => out.deny_unknown_fields = Some(meta.path.span()),
                "default" => out.default = default_value(&meta)?,
                // Serialization only, or no effect on how a struct with named fields decodes.
                "into" | "crate" | "rename_all_fields" => skip_value(&meta)?,
                _ => refuse(&meta, &key, errors)?,
            }
            Ok(())
        });
        errors.handle(result.map_err(darling::Error::from));
    }
    out
}

/// Reads a field's `#[serde(...)]` attributes.
pub(crate) fn field(attrs: &[Attribute], errors: &mut darling::error::Accumulator) -> Field {
    let mut out = Field {
        rename: None,
        aliases: Vec::new(),
        default: Default::None,
        flatten: None,
        skip: false,
        deserialize_with: None,
    };
    for attr in attrs {
        if attr.path().is_ident("ittybit") {
            errors.push(diag::spanned(
                attr.path(),
                "`#[ittybit(...)]` is not a field attribute; mark the catch-all field with \
                 `#[serde(flatten)]`",
            ));
        }
        if !attr.path().is_ident("serde") {
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            match key.as_str() {
                "rename" => {
                    if let Some(name) = de_side(&meta)? {
                        out.rename = Some(name.value());
                    }
                }
                "alias" => out.aliases.push(meta.value()?.parse::<LitStr>()?.value()),
                "default" => out.default = default_value(&meta)?,
                "flatten" => out.flatten = Some(meta.path.span()),
                "skip" | "skip_deserializing" => out.skip = true,
                "deserialize_with" => out.deserialize_with = Some(path_value(&meta)?),
                "with" => {
                    let mut module = path_value(&meta)?;
                    module
                        .segments
                        .push(syn::Ident::new("deserialize", meta.path.span()).into());
                    out.deserialize_with = Some(module);
                }
                // Serialization only.
                "skip_serializing" | "skip_serializing_if" | "serialize_with" => {
                    skip_value(&meta)?;
                }
                _ => refuse(&meta, &key, errors)?,
            }
            Ok(())
        });
        errors.handle(result.map_err(darling::Error::from));
    }
    out
}

/// Reports an option this derive does not implement and steps over it, so the options after
/// it are still checked.
fn refuse(
    meta: &ParseNestedMeta<'_>,
    key: &str,
    errors: &mut darling::error::Accumulator,
) -> syn::Result<()> {
    errors.push(meta.error(format!("`#[serde({key})]` {USE_SERDE}")).into());
    skip_value(meta)
}

/// The option's name as written (`rename`, `default`, …).
fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    meta.path
        .get_ident()
        .map_or_else(|| "…".to_owned(), ToString::to_string)
}

/// The deserialization side of `rename`/`rename_all`: `= "x"` or `(deserialize = "x", …)`.
fn de_side(meta: &ParseNestedMeta<'_>) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(syn::Token![=]) {
        return meta.value()?.parse().map(Some);
    }
    let mut found = None;
    meta.parse_nested_meta(|side| {
        let value: LitStr = side.value()?.parse()?;
        if side.path.is_ident("deserialize") {
            found = Some(value);
            Ok(())
        } else if side.path.is_ident("serialize") {
            Ok(())
        } else {
            Err(side.error("expected `serialize` or `deserialize`"))
        }
    })?;
    Ok(found)
}

/// `default` or `default = "path"`.
fn default_value(meta: &ParseNestedMeta<'_>) -> syn::Result<Default> {
    if meta.input.peek(syn::Token![=]) {
        Ok(Default::Path(path_value(meta)?))
    } else {
        Ok(Default::Trait)
    }
}

/// `key = "path"` (serde's form) or `key = path`.
fn path_value(meta: &ParseNestedMeta<'_>) -> syn::Result<Path> {
    match meta.value()?.parse::<Expr>()? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => text.parse(),
        Expr::Path(path) => Ok(path.path),
        other => Err(syn::Error::new(other.span(), "expected a path")),
    }
}

/// Consumes the value of an option this derive ignores: `= …`, `(…)` or nothing.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            if inner.input.peek(syn::Token![=]) {
                inner.value()?.parse::<Expr>()?;
            }
            Ok(())
        })?;
    }
    Ok(())
}
