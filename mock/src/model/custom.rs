//! Objects of the caller's own resources (see `MockResource`): a JSON object with the id and
//! parent values it is found by.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::model::resource::Resource;

/// One stored object of a caller's resource.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CustomObject {
    /// The id as it appears in paths and cursors (empty for a singleton).
    pub(crate) id: String,
    /// The values of the path's placeholders, in order.
    pub(crate) parents: Vec<String>,
    /// The object as served.
    pub(crate) body: Map<String, Value>,
}

impl Resource for CustomObject {
    const PREFIX: &'static str = "";
    const NOUN: &'static str = "object";
    const NOT_FOUND: &'static str = "not_found";

    fn id(&self) -> &str {
        &self.id
    }
}

impl Serialize for CustomObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(serializer)
    }
}
