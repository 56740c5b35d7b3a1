//! Code generation for `ittybit` resources: the `#[resource]` expansion as an ordinary library.
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
//! # #[cfg(feature = "build")] {
//! let text = ittybit_codegen::render(&tokens).unwrap();
//! assert!(text.contains("impl ::ittybit::Resource for Widget"));
//! assert!(text.contains("pub fn get("));
//! # }
//! ```
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
//! `build::Generator` and `render` (with `prettyplease`) are the cargo feature `build`, on by
//! default; the proc-macro depends on this crate without it.
//!
//! The pipeline is parse (the options, with darling) → validate (against the struct, into a
//! model) → emit (a `Resource` impl and thin methods calling the runtime's generic operations).
//! Every problem is reported, spanned on the token at fault, in one pass.

mod attr;
#[cfg(feature = "build")]
pub mod build;
mod diag;
mod docs;
mod emit;
mod expand;
mod model;
mod validate;

use proc_macro2::{Span, TokenStream};

/// Where bug reports go; named in the error that replaces a panic of the generator.
const ISSUES: &str = "https://github.com/ittybit-rs/ittybit-rs/issues";

/// The root generated code names the runtime through unless the resource says `crate = …`.
pub const DEFAULT_ROOT: &str = "::ittybit";

/// Expands `#[resource(attr)] item`: returns `item` followed by its generated impls.
///
/// `attr` holds the tokens between the attribute's parentheses. Problems become
/// `compile_error!` invocations spanned on the tokens at fault, emitted beside `item` (which
/// is always re-emitted, so the rest of the crate keeps compiling), and so are its impls, with
/// bodies that never run: the `Resource` impl and the methods whose options could be read (a
/// misspelt option read as the one suggested), so that each problem is one error rather than
/// one more at every use. A panic inside the generator becomes a `compile_error!`
/// asking for a bug report.
#[must_use]
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand_with_root(attr, item, DEFAULT_ROOT)
}

/// [`expand`], naming the runtime through `root` (e.g. `"::itty"` for a renamed dependency)
/// unless the resource says `crate = …`. A `root` that is not a path is reported as a
/// `compile_error!` beside the item.
#[must_use]
pub fn expand_with_root(attr: TokenStream, item: TokenStream, root: &str) -> TokenStream {
    let root = syn::parse_str::<syn::Path>(root).map_err(|error| {
        let message = format!("the root `{root}` is not a Rust path: {error}");
        syn::Error::new(Span::call_site(), message)
    });
    match root.and_then(|root| Ok((root, syn::parse2(item.clone())?))) {
        Ok((root, item)) => expand::expand_item(attr, Span::call_site(), item, &root).into_tokens(),
        Err(error) => TokenStream::from_iter([item, error.into_compile_error()]),
    }
}

/// Formats tokens holding whole items as a Rust file, with `prettyplease`.
///
/// # Errors
/// The tokens do not parse as a sequence of items.
#[cfg(feature = "build")]
pub fn render(tokens: &TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens.clone())?;
    Ok(prettyplease::unparse(&file))
}
