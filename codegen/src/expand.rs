//! The pipeline both front ends share: parse → validate → emit, for one item.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::{Item, Path};

use crate::{attr, emit, validate};

/// What one `#[resource]` expands to.
pub(crate) struct Expansion {
    /// The item (always re-emitted, so the rest of the crate keeps compiling) and, when it
    /// is valid, the generated impls.
    pub(crate) tokens: TokenStream,
    /// Every problem found, if any.
    pub(crate) errors: Option<darling::Error>,
}

impl Expansion {
    /// The tokens with the errors as `compile_error!` invocations, for a proc-macro.
    pub(crate) fn into_tokens(self) -> TokenStream {
        let mut tokens = self.tokens;
        if let Some(errors) = self.errors {
            tokens.extend(errors.write_errors());
        }
        tokens
    }
}

/// Expands `item`, whose `#[resource(...)]` attribute held `args` and was written at
/// `attr_span`; resources without `crate = …` are named through `default_root`.
pub(crate) fn expand_item(
    args: TokenStream,
    attr_span: Span,
    mut item: Item,
    default_root: &Path,
) -> Expansion {
    let mut errors = darling::Error::accumulator();
    let args = attr::parse(args, &mut errors);
    let model = validate::validate(args, &item, attr_span, default_root, &mut errors);
    if let Item::Struct(strukt) = &mut item {
        // A repeated `#[resource]` is reported above; dropping it here keeps it from
        // expanding a second time.
        strukt
            .attrs
            .retain(|attr| !validate::is_resource_attribute(attr));
    }
    let errors = errors.finish().err();
    let mut tokens = item.into_token_stream();
    // Generated items only for a resource without any problem: options that failed to parse
    // would otherwise fall back to defaults and cause errors of their own.
    if let (Some(model), None) = (&model, &errors) {
        tokens.extend(emit::emit(model));
    }
    Expansion { tokens, errors }
}

/// Expands the tokens a proc-macro receives.
pub(crate) fn expand_tokens(
    args: TokenStream,
    item: TokenStream,
    attr_span: Span,
    default_root: &Path,
) -> TokenStream {
    match syn::parse2::<Item>(item.clone()) {
        Ok(item) => expand_item(args, attr_span, item, default_root).into_tokens(),
        Err(error) => {
            let mut tokens = item;
            tokens.extend(error.into_compile_error());
            tokens
        }
    }
}
