//! `#[derive(ittybit::Deserialize)]` decodes exactly as `#[derive(serde::Deserialize)]` does:
//! each struct here is declared twice with the same attributes, once with each derive, and
//! every input must give the same value or the same error message from both.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// Declares `mod $name { Serde, Ours }`: the same struct under serde's derive and ours.
macro_rules! twins {
    ($name:ident: $(#[$meta:meta])* { $($body:tt)* }) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
            $(#[$meta])*
            pub(crate) struct Serde { $($body)* }

            #[derive(Debug, PartialEq, Serialize, ittybit::Deserialize)]
            $(#[$meta])*
            pub(crate) struct Ours { $($body)* }
        }
    };
}

/// What decoding `json` gives: the value re-serialized, or the error's message.
fn outcome<T: DeserializeOwned + Serialize>(json: &str) -> Result<Value, String> {
    serde_json::from_str::<T>(json)
        .map(|value| serde_json::to_value(value).expect("serializes"))
        .map_err(|error| error.to_string())
}

/// The outcome of `Ours` with its name in messages (`expected struct Ours`) as `Serde`'s.
fn same_name(outcome: Result<Value, String>) -> Result<Value, String> {
    outcome.map_err(|message| message.replace("struct Ours", "struct Serde"))
}

/// Asserts that both derives agree on every input, and returns the outcomes for checks of
/// their own.
fn agree<S, O>(inputs: &[&str]) -> Vec<Result<Value, String>>
where
    S: DeserializeOwned + Serialize,
    O: DeserializeOwned + Serialize,
{
    inputs
        .iter()
        .map(|json| {
            let (serde, ours) = (outcome::<S>(json), same_name(outcome::<O>(json)));
            assert_eq!(ours, serde, "input: {json}");
            ours
        })
        .collect()
}

/// As [`agree`], but error messages are compared without their position: serde's `flatten`
/// decodes from a buffer of the whole object, so it reports a bad value at the object's end,
/// where this derive reports it at the value.
fn agree_but_position<S, O>(inputs: &[&str]) -> Vec<Result<Value, String>>
where
    S: DeserializeOwned + Serialize,
    O: DeserializeOwned + Serialize,
{
    let without_position = |outcome: Result<Value, String>| {
        outcome.map_err(|message| match message.split_once(" at line ") {
            Some((message, _)) => message.to_owned(),
            None => message,
        })
    };
    inputs
        .iter()
        .map(|json| {
            let serde = without_position(outcome::<S>(json));
            let ours = without_position(same_name(outcome::<O>(json)));
            assert_eq!(ours, serde, "input: {json}");
            ours
        })
        .collect()
}

fn default_colour() -> String {
    "grey".to_owned()
}

twins!(plain: {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) count: u32,
    #[serde(rename = "type", alias = "kind")]
    pub(crate) kind: String,
    #[serde(default = "default_colour")]
    pub(crate) colour: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) tags: Vec<String>,
});

#[test]
fn fields_defaults_renames_and_aliases_decode_as_with_serde() {
    let outcomes = agree::<plain::Serde, plain::Ours>(&[
        r#"{"id":"a","name":"n","count":2,"type":"t","colour":"red","tags":["x"]}"#,
        r#"{"id":"a","type":"t"}"#,
        r#"{"id":"a","kind":"t","name":null}"#,
        r#"{"type":"t","unknown":{"deep":[1,2]},"id":"a"}"#,
        r#"{"id":"a"}"#,
        r#"{"type":"t"}"#,
        r#"{"id":"a","id":"b","type":"t"}"#,
        r#"{"id":"a","type":"t","kind":"u"}"#,
        r#"{"id":1,"type":"t"}"#,
        r#"{"id":"a","type":"t","count":-1}"#,
        r#"{"id":"a","type":"t","#,
        r#"["a",null,1,"t","red",[]]"#,
        r#"{"id":"a\"b","t\u0079pe":"t"}"#,
        "null",
        "42",
    ]);
    assert_eq!(
        outcomes[1],
        Ok(json!({"id":"a","name":null,"count":0,"type":"t","colour":"grey"}))
    );
    assert!(
        outcomes[4]
            .as_ref()
            .is_err_and(|e| e.starts_with("missing field `type`")),
        "{outcomes:?}"
    );
    assert!(
        outcomes[6]
            .as_ref()
            .is_err_and(|e| e.starts_with("duplicate field `id`")),
        "{outcomes:?}"
    );
}

twins!(camel: #[serde(rename_all = "camelCase")] {
    pub(crate) created_at: i64,
    #[serde(rename = "ID")]
    pub(crate) id: String,
    pub(crate) r#type: Option<String>,
});

#[test]
fn rename_all_and_raw_identifiers_decode_as_with_serde() {
    let outcomes = agree::<camel::Serde, camel::Ours>(&[
        r#"{"createdAt":1,"ID":"a","type":"x"}"#,
        r#"{"created_at":1,"ID":"a"}"#,
        r#"{"createdAt":1,"id":"a"}"#,
    ]);
    assert_eq!(outcomes[0], Ok(json!({"createdAt":1,"ID":"a","type":"x"})));
}

twins!(strict: #[serde(deny_unknown_fields)] {
    pub(crate) id: String,
    #[serde(alias = "label")]
    pub(crate) name: Option<String>,
});

#[test]
fn deny_unknown_fields_gives_serdes_error() {
    let outcomes = agree::<strict::Serde, strict::Ours>(&[
        r#"{"id":"a","label":"b"}"#,
        r#"{"id":"a","colour":"b"}"#,
    ]);
    assert!(
        outcomes[1]
            .as_ref()
            .is_err_and(|e| e.starts_with("unknown field `colour`")),
        "{outcomes:?}"
    );
}

twins!(container_default: #[serde(default)] {
    pub(crate) id: String,
    pub(crate) size: u32,
    #[serde(skip_deserializing)]
    pub(crate) cached: Option<u8>,
});

impl Default for container_default::Serde {
    fn default() -> Self {
        Self {
            id: "none".to_owned(),
            size: 7,
            cached: Some(1),
        }
    }
}

impl Default for container_default::Ours {
    fn default() -> Self {
        Self {
            id: "none".to_owned(),
            size: 7,
            cached: Some(1),
        }
    }
}

#[test]
fn a_container_default_and_skipped_fields_decode_as_with_serde() {
    let outcomes = agree::<container_default::Serde, container_default::Ours>(&[
        r#"{"size":3}"#,
        "{}",
        r#"{"id":"a","cached":5}"#,
    ]);
    assert_eq!(outcomes[1], Ok(json!({"id":"none","size":7,"cached":1})));
}

mod as_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }

    // serde's `with` passes the field by reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub(crate) fn serialize<S: Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }
}

twins!(custom: {
    #[serde(with = "as_text")]
    pub(crate) size: u64,
    #[serde(deserialize_with = "as_text::deserialize", default)]
    pub(crate) limit: u64,
});

#[test]
fn custom_decoders_run_as_with_serde() {
    let outcomes = agree::<custom::Serde, custom::Ours>(&[
        r#"{"size":"12","limit":"3"}"#,
        r#"{"size":"12"}"#,
        r#"{"limit":"3"}"#,
        r#"{"size":"x"}"#,
    ]);
    assert_eq!(outcomes[1], Ok(json!({"size":"12","limit":0})));
}

twins!(catch_all: {
    pub(crate) id: String,
    pub(crate) status: Option<String>,
    #[serde(default)]
    pub(crate) options: Map<String, Value>,
    #[serde(flatten)]
    pub(crate) extra: Map<String, Value>,
});

#[test]
fn the_catch_all_keeps_what_serdes_flatten_keeps() {
    let outcomes = agree_but_position::<catch_all::Serde, catch_all::Ours>(&[
        r#"{"id":"a","status":"ok","options":{"w":1},"colour":"red","nested":{"a":[1,{"b":null}]}}"#,
        r#"{"id":"a"}"#,
        r#"{"id":"a","x":1,"x":2}"#,
        r#"{"id":"a","id":"b"}"#,
        r#"{"status":"ok","colour":"red"}"#,
        r#"{"id":"a","status":5}"#,
        r#"{"id":"a","k\"ey":"escaped"}"#,
    ]);
    assert_eq!(
        outcomes[0],
        Ok(
            json!({"id":"a","status":"ok","options":{"w":1},"colour":"red","nested":{"a":[1,{"b":null}]}})
        )
    );
    assert_eq!(
        outcomes[2],
        Ok(json!({"id":"a","status":null,"options":{},"x":2}))
    );
}

#[test]
fn the_catch_all_decodes_from_a_json_value_too() {
    let value = json!({"id":"a","colour":"red","status":null});
    let ours: catch_all::Ours = serde_json::from_value(value.clone()).unwrap();
    let serde: catch_all::Serde = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&ours).unwrap(),
        serde_json::to_value(&serde).unwrap()
    );
    assert_eq!(ours.extra["colour"], "red");
    let borrowed: catch_all::Ours = serde::Deserialize::deserialize(&value).unwrap();
    assert_eq!(borrowed, ours);
}

twins!(typed_catch_all: {
    pub(crate) id: String,
    #[serde(flatten)]
    pub(crate) counts: BTreeMap<String, u32>,
});

#[test]
fn a_typed_catch_all_decodes_its_values() {
    let outcomes = agree_but_position::<typed_catch_all::Serde, typed_catch_all::Ours>(&[
        r#"{"id":"a","x":1,"y":2}"#,
        r#"{"id":"a","x":"one"}"#,
    ]);
    assert_eq!(outcomes[0], Ok(json!({"id":"a","x":1,"y":2})));
    assert!(outcomes[1].is_err());
}

/// A generic struct: `M` gets its `Deserialize` bound from the derive.
#[derive(Debug, PartialEq, ittybit::Deserialize)]
struct Envelope<M, const N: usize> {
    id: String,
    metadata: M,
    #[serde(skip_deserializing)]
    marker: std::marker::PhantomData<[u8; N]>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[test]
fn generic_structs_decode() {
    let envelope: Envelope<BTreeMap<String, u8>, 2> =
        serde_json::from_str(r#"{"id":"e","metadata":{"a":1},"z":true}"#).unwrap();
    assert_eq!(envelope.metadata["a"], 1);
    assert_eq!(envelope.extra["z"], true);
    assert_eq!(envelope.id, "e");
    assert_eq!(envelope.marker, std::marker::PhantomData);
}
