//! `#[derive(ittybit::Deserialize)]` compiles under strict lints beside user items that shadow
//! the standard library's names, through a renamed facade, and on a generic struct; and the
//! result decodes.
#![deny(warnings, missing_docs, clippy::all, clippy::pedantic)]

/// Items named like the prelude's, which generated code must not pick up.
pub mod shadowed {
    /// Not `core::result::Result`.
    pub struct Result;
    /// Not `core::option::Option`.
    pub struct Option;
    /// Not `Some`.
    pub struct Some;
    /// Not `Ok`.
    pub struct Ok;
    /// Not `Err`.
    pub struct Err;
    /// Not `String`.
    pub struct String;
    /// Not `Default`.
    pub trait Default {}
    /// Not `serde`.
    pub mod serde {}
}

/// A struct with the catch-all, in a module full of shadowing names.
pub mod with_catch_all {
    #[allow(unused_imports)]
    use super::shadowed::{Default, Err, Ok, Option, Result, Some, String, serde};

    /// A widget.
    #[derive(Debug, ittybit::Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Widget {
        /// Its id.
        pub id: std::string::String,
        /// Its size.
        #[serde(default)]
        pub size_px: u32,
        /// Its label.
        pub label: core::option::Option<std::string::String>,
        /// Everything else.
        #[serde(flatten)]
        pub extra: serde_json::Map<std::string::String, serde_json::Value>,
    }
}

/// A generic struct without a catch-all, its root named explicitly.
pub mod through_a_path {
    /// A gadget.
    #[derive(Debug, ittybit::Deserialize)]
    #[ittybit(crate = ::ittybit)]
    #[serde(deny_unknown_fields)]
    pub struct Gadget<T> {
        /// Its id.
        pub id: String,
        /// Its payload.
        pub payload: T,
    }
}

#[test]
fn the_structs_decode() {
    let widget: with_catch_all::Widget =
        serde_json::from_str(r#"{"id":"w","sizePx":3,"colour":"red"}"#).unwrap();
    assert_eq!((widget.id.as_str(), widget.size_px), ("w", 3));
    assert_eq!(widget.label, None);
    assert_eq!(widget.extra["colour"], "red");

    let gadget: through_a_path::Gadget<Vec<u8>> =
        serde_json::from_str(r#"{"id":"g","payload":[1,2]}"#).unwrap();
    assert_eq!(gadget.payload, [1, 2]);
    let error = serde_json::from_str::<through_a_path::Gadget<u8>>(r#"{"id":"g","x":1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("unknown field `x`, expected `id` or `payload`"),
        "{error}"
    );
}
