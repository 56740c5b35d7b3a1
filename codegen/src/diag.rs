//! Error constructors: every problem is a `darling::Error` spanned on the offending tokens.

use darling::Error;
use proc_macro2::Span;
use quote::ToTokens;

/// An error at `span`.
pub(crate) fn at(span: Span, message: impl std::fmt::Display) -> Error {
    syn::Error::new(span, message).into()
}

/// An error spanning `tokens`.
pub(crate) fn spanned(tokens: impl ToTokens, message: impl std::fmt::Display) -> Error {
    syn::Error::new_spanned(tokens, message).into()
}
