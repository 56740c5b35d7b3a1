//! Enums over an open set of strings: known values are variants, unknown ones are kept.

/// An enum of known string values plus `Other(String)`, so new values from the API are kept.
/// It gets `as_str`, `Display`, `From<&str>`, `FromStr` (infallible), and serde as a string.
///
/// ```
/// ittybit_runtime::open_enum! {
///     /// A widget's colour.
///     pub enum Colour {
///         /// Red.
///         Red = "red",
///         /// Dark blue.
///         DarkBlue = "dark_blue",
///     }
/// }
///
/// assert_eq!(Colour::from("dark_blue"), Colour::DarkBlue);
/// assert_eq!(Colour::from("teal"), Colour::Other("teal".into()));
/// assert_eq!(Colour::Other("teal".into()).as_str(), "teal");
/// let colours: Vec<Colour> = serde_json::from_str(r#"["red","teal"]"#).unwrap();
/// assert_eq!(serde_json::to_string(&colours).unwrap(), r#"["red","teal"]"#);
/// // Escaped text is decoded too, known or not.
/// let colours: Vec<Colour> = serde_json::from_str(r#"["r\u0065d","t\u0065al"]"#).unwrap();
/// assert_eq!(colours, [Colour::Red, Colour::Other("teal".into())]);
/// let owned: Colour = serde_json::from_value(serde_json::json!("dark_blue")).unwrap();
/// assert_eq!(owned, Colour::DarkBlue);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)*
            /// A value this version does not know, kept verbatim.
            Other(::std::string::String),
        }

        impl $name {
            /// The value as the API spells it.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Other(other) => other,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)*
                    other => Self::Other(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(text))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                struct Visitor;

                impl $crate::__private::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }

                    fn visit_str<E: $crate::__private::serde::de::Error>(
                        self,
                        text: &str,
                    ) -> ::core::result::Result<$name, E> {
                        ::core::result::Result::Ok($name::from(text))
                    }

                    // An owned string (with escapes, or from a `Value`) moves into `Other`.
                    fn visit_string<E: $crate::__private::serde::de::Error>(
                        self,
                        text: ::std::string::String,
                    ) -> ::core::result::Result<$name, E> {
                        ::core::result::Result::Ok(match text.as_str() {
                            $($text => $name::$variant,)*
                            _ => $name::Other(text),
                        })
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}
