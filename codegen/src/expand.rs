//! The pipeline both front ends share: parse → validate → emit, for one item.

use std::panic::{self, AssertUnwindSafe};

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::{Item, Path};

use crate::{ISSUES, attr, diag, emit, validate};

/// What one `#[resource]` expands to: the item (always re-emitted, so the rest of the crate
/// keeps compiling) with its generated impls, and every problem found.
pub(crate) struct Expansion {
    pub(crate) tokens: TokenStream,
    pub(crate) errors: Option<darling::Error>,
}

impl Expansion {
    /// The tokens with the errors as `compile_error!` invocations, for a proc-macro.
    pub(crate) fn into_tokens(self) -> TokenStream {
        let mut tokens = self.tokens;
        tokens.extend(self.errors.map(darling::Error::write_errors));
        tokens
    }
}

/// Expands `item`, whose `#[resource(...)]` attribute held `args` and was written at
/// `attr_span`; resources without `crate = …` are named through `default_root`.
///
/// Both front ends come through here, so this is the one place a panic of the generator is
/// caught: it becomes an error at the attribute asking for a bug report, beside the item.
pub(crate) fn expand_item(
    args: TokenStream,
    attr_span: Span,
    mut item: Item,
    default_root: &Path,
) -> Expansion {
    guard(item.to_token_stream(), attr_span, move || {
        let mut errors = darling::Error::accumulator();
        let args = attr::parse(args, &mut errors);
        let model = validate::validate(args, &item, attr_span, default_root, &mut errors);
        if let Item::Struct(strukt) = &mut item {
            // A repeated `#[resource]` is reported above; dropping it here keeps it from
            // expanding a second time.
            (strukt.attrs).retain(|attr| !validate::is_resource_attribute(attr));
        }
        let errors = errors.finish().err();
        let mut tokens = item.into_token_stream();
        // With a problem, the fallback impls, so that code using the resource adds no error
        // of its own to the real one.
        tokens.extend(model.map(|model| emit::emit(&model, errors.is_some())));
        Expansion { tokens, errors }
    })
}

/// Runs `generate`; a panic becomes an error at `span`, with `item` emitted as it was.
fn guard(item: TokenStream, span: Span, generate: impl FnOnce() -> Expansion) -> Expansion {
    panic::catch_unwind(AssertUnwindSafe(generate)).unwrap_or_else(|payload| {
        let reason = (payload.downcast_ref::<&str>().copied())
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message");
        let message = format!(
            "#[resource] failed inside the code generator ({reason}). This is a bug in \
             ittybit-codegen, not in your code: please report it at {ISSUES} with this struct \
             and its attribute"
        );
        Expansion {
            tokens: item,
            errors: Some(diag::at(span, message)),
        }
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn a_panic_becomes_an_error_beside_the_item() {
        let item = quote!(
            struct Widget {
                id: String,
            }
        );
        let out = guard(item.clone(), Span::call_site(), || {
            panic!("index out of bounds")
        })
        .into_tokens()
        .to_string();
        assert!(out.starts_with(&item.to_string()), "{out}");
        assert!(out.contains(":: core :: compile_error !"), "{out}");
        assert!(out.contains("index out of bounds"), "{out}");
        assert!(out.contains("please report it at https://"), "{out}");

        let formatted = guard(item, Span::call_site(), || panic!("{}", 42));
        assert!(formatted.errors.unwrap().to_string().contains("(42)"));
    }

    #[test]
    fn the_output_of_a_success_is_untouched() {
        let out = guard(quote!(a), Span::call_site(), || Expansion {
            tokens: quote!(b),
            errors: None,
        });
        assert_eq!(out.into_tokens().to_string(), "b");
    }
}
