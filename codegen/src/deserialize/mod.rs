//! `#[derive(ittybit::Deserialize)]`: a `serde::Deserialize` for a struct with named fields
//! that reads the map once, known fields straight into their types and every other key into
//! the `#[serde(flatten)]` catch-all field, if there is one.
//!
//! serde's own derive sends a struct with a `#[serde(flatten)]` field through its buffered
//! `Content` path (every value is first copied into a tree, then decoded again), which costs
//! about a quarter more per item; this derive keeps the unknown fields at no cost when there
//! are none. It reads serde's attributes, so the same attributes serve `serde::Serialize`.
//!
//! Passes, as for `#[resource]`: [`attrs`] (what is written) → [`model`] (checked against the
//! struct, spanned errors) → [`emit`].

mod attrs;
mod case;
mod emit;
mod model;

use proc_macro2::TokenStream;

/// Expands `#[derive(Deserialize)]` on `item` (the struct's tokens). Problems become
/// `compile_error!` invocations spanned on the tokens at fault, every one of them in one pass;
/// nothing else is emitted then.
#[must_use]
pub fn derive(item: TokenStream) -> TokenStream {
    let input = match syn::parse2::<syn::DeriveInput>(item) {
        Ok(input) => input,
        Err(error) => return error.into_compile_error(),
    };
    let mut errors = darling::Error::accumulator();
    let model = model::Struct::check(&input, &crate::default_root(), &mut errors);
    match (model, errors.finish()) {
        (Some(model), Ok(())) => emit::emit(&model),
        (_, Err(errors)) => errors.write_errors(),
        (None, Ok(())) => unreachable!("a struct that failed its checks has errors"),
    }
}
