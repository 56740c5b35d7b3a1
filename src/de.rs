//! Support for [`Deserialize`](crate::Deserialize), the derive that decodes a struct and keeps
//! its unknown fields in one pass.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use serde::de::{DeserializeOwned, MapAccess};
use serde_json::{Map, Value};

/// A field that keeps the keys a struct does not know: the type of the `#[serde(flatten)]`
/// field of a struct that derives [`Deserialize`](crate::Deserialize).
///
/// Implemented for `serde_json::Map<String, Value>` (the crate's [`JsonObject`](crate::JsonObject)),
/// and for `BTreeMap` and `HashMap` from `String` to any owned decodable value.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold unknown fields",
    label = "the `#[serde(flatten)]` field of an `ittybit::Deserialize` struct must be a map",
    note = "use `serde_json::Map<String, Value>`, `BTreeMap<String, V>` or `HashMap<String, V>`; \
            to flatten a struct's fields into this one, derive `serde::Deserialize` instead"
)]
pub trait CatchAll {
    /// The catch-all before any key is read.
    fn empty() -> Self;

    /// Reads the value of `key`, the key `map` just yielded, and keeps it. A repeated key
    /// keeps its last value, as serde's `flatten` does.
    ///
    /// # Errors
    /// The value does not decode.
    fn insert_next<'de, A: MapAccess<'de>>(
        &mut self,
        key: String,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

impl CatchAll for Map<String, Value> {
    fn empty() -> Self {
        Map::new()
    }

    fn insert_next<'de, A: MapAccess<'de>>(
        &mut self,
        key: String,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value = map.next_value::<Value>()?;
        self.insert(key, value);
        Ok(())
    }
}

impl<V: DeserializeOwned> CatchAll for BTreeMap<String, V> {
    fn empty() -> Self {
        BTreeMap::new()
    }

    fn insert_next<'de, A: MapAccess<'de>>(
        &mut self,
        key: String,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value = map.next_value::<V>()?;
        self.insert(key, value);
        Ok(())
    }
}

impl<V: DeserializeOwned, S: BuildHasher + Default> CatchAll for HashMap<String, V, S> {
    fn empty() -> Self {
        HashMap::default()
    }

    fn insert_next<'de, A: MapAccess<'de>>(
        &mut self,
        key: String,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value = map.next_value::<V>()?;
        self.insert(key, value);
        Ok(())
    }
}

/// What the generated code needs by absolute path; not a public API.
#[doc(hidden)]
pub mod __private {
    use serde::Deserializer;
    use serde::de::{Deserialize, Error, Visitor};

    pub use serde;

    /// The value of a field whose key is absent, as serde's derive gives it: `None` for an
    /// `Option` (anything that decodes through `deserialize_option`), else `missing field`.
    ///
    /// # Errors
    /// `missing field` for every type that is not optional.
    pub fn missing_field<'de, T: Deserialize<'de>, E: Error>(field: &'static str) -> Result<T, E> {
        T::deserialize(Missing::<E> {
            field,
            error: std::marker::PhantomData,
        })
    }

    /// A deserializer with nothing in it.
    struct Missing<E> {
        field: &'static str,
        error: std::marker::PhantomData<E>,
    }

    impl<'de, E: Error> Deserializer<'de> for Missing<E> {
        type Error = E;

        fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
            Err(E::missing_field(self.field))
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            visitor.visit_none()
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }
}
