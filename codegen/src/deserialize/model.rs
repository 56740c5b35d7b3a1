//! The struct as the derive sees it: each field's key names and how it is filled, checked
//! against what serde would accept.

use syn::{Data, DeriveInput, Fields, GenericParam, Generics, Ident, Path, Type};

use super::attrs::{self, Default};
use crate::diag;

/// A struct to derive for.
pub(crate) struct Struct {
    pub(crate) ident: Ident,
    pub(crate) generics: Generics,
    /// The name passed to `deserialize_struct`: `#[serde(rename)]` or the identifier.
    pub(crate) name: String,
    pub(crate) expecting: Option<String>,
    pub(crate) root: Path,
    pub(crate) fields: Vec<Field>,
    /// The `#[serde(flatten)]` field that takes every unknown key.
    pub(crate) catch_all: Option<CatchAll>,
    pub(crate) deny_unknown_fields: bool,
    /// `#[serde(default)]` on the struct: missing fields come from `Self::default()`.
    pub(crate) container_default: Default,
}

/// A field read from one key (or one of its aliases).
pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    /// The key, after `rename` or `rename_all`.
    pub(crate) key: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) default: Default,
    /// `#[serde(skip_deserializing)]`: never read, always the default.
    pub(crate) skip: bool,
    pub(crate) deserialize_with: Option<Path>,
}

/// The field that keeps the keys no other field reads.
pub(crate) struct CatchAll {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
}

impl Struct {
    /// Checks `input`, pushing every problem into `errors`; `None` when it cannot be derived.
    pub(crate) fn check(
        input: &DeriveInput,
        default_root: &Path,
        errors: &mut darling::error::Accumulator,
    ) -> Option<Self> {
        let container = attrs::container(&input.attrs, errors);
        check_generics(&input.generics, errors);
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Some(named),
                Fields::Unnamed(_) | Fields::Unit => {
                    errors.push(diag::spanned(
                        &input.ident,
                        "`ittybit::Deserialize` needs a struct with named fields; derive \
                         `serde::Deserialize` for tuple and unit structs",
                    ));
                    None
                }
            },
            Data::Enum(data) => {
                errors.push(diag::at(
                    data.enum_token.span,
                    "`ittybit::Deserialize` is for structs with named fields; derive \
                     `serde::Deserialize` for enums",
                ));
                None
            }
            Data::Union(data) => {
                errors.push(diag::at(
                    data.union_token.span,
                    "`ittybit::Deserialize` is for structs with named fields, not unions",
                ));
                None
            }
        }?;

        let mut fields = Vec::new();
        let mut catch_all: Option<CatchAll> = None;
        for field in &named.named {
            let ident = field.ident.clone()?;
            let options = attrs::field(&field.attrs, errors);
            if let Some(span) = options.flatten {
                if catch_all.is_some() {
                    errors.push(diag::at(
                        span,
                        "only one field can be `#[serde(flatten)]`: it is the catch-all that \
                         keeps the keys no other field reads",
                    ));
                } else if options.rename.is_some()
                    || !options.aliases.is_empty()
                    || options.skip
                    || options.deserialize_with.is_some()
                    || !matches!(options.default, Default::None)
                {
                    errors.push(diag::at(
                        span,
                        "the `#[serde(flatten)]` catch-all takes no other option: it starts \
                         empty and holds every key no other field reads",
                    ));
                }
                if let Some(deny) = container.deny_unknown_fields {
                    errors.push(diag::at(
                        deny,
                        "`deny_unknown_fields` cannot be used with a `#[serde(flatten)]` \
                         catch-all, which keeps the unknown fields",
                    ));
                }
                catch_all = Some(CatchAll {
                    ident,
                    ty: field.ty.clone(),
                });
                continue;
            }
            let unraw = ident.to_string().trim_start_matches("r#").to_owned();
            let key = options.rename.unwrap_or_else(|| {
                container
                    .rename_all
                    .map_or_else(|| unraw.clone(), |case| case.apply(&unraw))
            });
            fields.push(Field {
                ident,
                ty: field.ty.clone(),
                key,
                aliases: options.aliases,
                default: options.default,
                skip: options.skip,
                deserialize_with: options.deserialize_with,
            });
        }
        check_unique_keys(&fields, errors);

        Some(Self {
            ident: input.ident.clone(),
            generics: input.generics.clone(),
            name: container.name.unwrap_or_else(|| input.ident.to_string()),
            expecting: container.expecting,
            root: container.root.unwrap_or_else(|| default_root.clone()),
            fields,
            catch_all,
            deny_unknown_fields: container.deny_unknown_fields.is_some(),
            container_default: container.default,
        })
    }
}

/// Lifetime parameters would mean borrowing from the input; this derive decodes owned data.
fn check_generics(generics: &Generics, errors: &mut darling::error::Accumulator) {
    for param in &generics.params {
        if let GenericParam::Lifetime(lifetime) = param {
            errors.push(diag::spanned(
                lifetime,
                "`ittybit::Deserialize` decodes into owned data and takes no lifetime \
                 parameters; derive `serde::Deserialize` to borrow from the input",
            ));
        }
    }
}

/// Two fields read from the same key would make one of them unreachable.
fn check_unique_keys(fields: &[Field], errors: &mut darling::error::Accumulator) {
    let mut seen: Vec<(&str, &Ident)> = Vec::new();
    for field in fields.iter().filter(|field| !field.skip) {
        for key in std::iter::once(&field.key).chain(&field.aliases) {
            if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == key.as_str()) {
                errors.push(diag::at(
                    field.ident.span(),
                    format!("the key \"{key}\" is already read by the field `{first}`"),
                ));
            } else {
                seen.push((key, &field.ident));
            }
        }
    }
}
