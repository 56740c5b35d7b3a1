//! Code generation for `ittybit` resources: the `#[resource]` expansion as an ordinary library.
//!
//! One core, two front ends:
//!
//! - [`expand`] takes the tokens of `#[resource(...)]` and its struct and returns the struct with
//!   its generated impls; the `ittybit-macros` proc-macro is a thin wrapper around it.
//! - [`build::Generator`] reads Rust source files holding `#[resource]` structs in a build
//!   script and writes their complete, formatted expansion into `OUT_DIR`, so a crate can use
//!   the generated clients with no proc-macro at its compile time.
//!
//! Both produce the same tokens for the same input; [`render`] formats tokens as a file.
//!
//! The pipeline is parse (the options, with darling) → validate (against the struct, into a
//! model) → emit (a `Resource` impl and thin methods calling the runtime's generic operations).
//! Every problem is reported, spanned on the token at fault, in one pass.
//!
//! ```
//! use quote::quote;
//!
//! let tokens = ittybit_codegen::expand(
//!     quote!(path = "/widgets"),
//!     quote! {
//!         #[derive(serde::Deserialize)]
//!         pub struct Widget { pub id: String }
//!     },
//! );
//! let text = ittybit_codegen::render(&tokens).unwrap();
//! assert!(text.contains("impl ::ittybit::Resource for Widget"));
//! assert!(text.contains("pub fn get("));
//! ```

mod attr;
pub mod build;
pub mod deserialize;
mod diag;
mod docs;
mod emit;
mod expand;
mod model;
mod validate;

use std::panic::{self, AssertUnwindSafe};

use proc_macro2::{Span, TokenStream};
use quote::quote;

/// Where bug reports go; named in the error that replaces a panic of the generator.
const ISSUES: &str = "https://github.com/ittybit-rs/ittybit-rs/issues";

/// The root generated code names the runtime through unless the resource says `crate = …`.
pub const DEFAULT_ROOT: &str = "::ittybit";

/// Expands `#[resource(attr)] item`: returns `item` followed by its generated impls.
///
/// `attr` holds the tokens between the attribute's parentheses. Problems become
/// `compile_error!` invocations spanned on the tokens at fault, emitted beside `item` (which
/// is always re-emitted, so the rest of the crate keeps compiling); the impls are generated
/// only when there is no problem. A panic inside the generator becomes a `compile_error!`
/// asking for a bug report.
#[must_use]
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let fallback = item.clone();
    guard(fallback, move || {
        expand::expand_tokens(attr, item, Span::call_site(), &default_root())
    })
}

/// Formats tokens holding whole items as a Rust file, with `prettyplease`.
///
/// # Errors
/// The tokens do not parse as a sequence of items.
pub fn render(tokens: &TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens.clone())?;
    Ok(prettyplease::unparse(&file))
}

fn default_root() -> syn::Path {
    syn::parse_str(DEFAULT_ROOT).expect("the default root is a path")
}

/// Runs `generate`, turning a panic into a `compile_error!` beside `item`.
fn guard(item: TokenStream, generate: impl FnOnce() -> TokenStream) -> TokenStream {
    match panic::catch_unwind(AssertUnwindSafe(generate)) {
        Ok(tokens) => tokens,
        Err(payload) => {
            let message = bug_report(payload.as_ref());
            let mut tokens = item;
            tokens.extend(quote!(::core::compile_error! { #message }));
            tokens
        }
    }
}

/// The message that replaces a panic of the generator.
pub(crate) fn bug_report(payload: &(dyn std::any::Any + Send)) -> String {
    let reason = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    format!(
        "#[resource] failed inside the code generator ({reason}). This is a bug in \
         ittybit-codegen, not in your code: please report it at {ISSUES} with this struct and \
         its attribute"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_compile_error_beside_the_item() {
        let item = quote!(
            struct Widget {
                id: String,
            }
        );
        let out = guard(item.clone(), || panic!("index out of bounds"));
        let text = out.to_string();
        assert!(text.starts_with(&item.to_string()), "{text}");
        assert!(text.contains(":: core :: compile_error !"), "{text}");
        assert!(text.contains("index out of bounds"), "{text}");
        assert!(text.contains("please report it at https://"), "{text}");

        let formatted = panic::catch_unwind(|| guard(item.clone(), || panic!("{}", 42)));
        assert!(formatted.unwrap().to_string().contains("(42)"));
    }

    #[test]
    fn the_output_of_a_success_is_untouched() {
        let out = guard(quote!(a), || quote!(b));
        assert_eq!(out.to_string(), "b");
    }
}
