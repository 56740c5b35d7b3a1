//! Resources of the caller's own: a path template and its objects, served by the mock beside
//! the API's shipped routes.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Value};

/// A resource of your own for the mock to serve: a path template and its objects.
///
/// A **collection** (`/widgets`, or nested: `/widgets/{widget_id}/parts`) answers
/// `GET {path}` (a list, with the pagination, headers and cursor errors of the shipped lists),
/// `GET {path}/{id}`, `POST {path}` (a JSON object body, stored as the newest object with a
/// fresh id, `201`) and `DELETE {path}/{id}` (`204`). A fresh id is the next integer when every
/// id given was an integer, else `{noun}_` and 16 random characters (`part_…`); a created
/// object also gets the path's placeholder fields. A **singleton** (`/account`) answers
/// `GET {path}`.
///
/// Each object is a JSON object. A collection's objects need an `id` (a string or an integer,
/// unique within the resource); the value of each placeholder of the path is read from the
/// object's field of the same name (`widget_id`), so `GET /widgets/w_1/parts` lists the parts
/// whose `widget_id` is `w_1`. When the parent collection (`/widgets`) is a resource too, an
/// unknown parent is `404 widget_not_found`, as an unknown object is `404 part_not_found` (the
/// kind is the last literal segment of the path, without a trailing `s`). Objects are listed in
/// the order given (the last is the newest).
///
/// Requests go through the same front door as the shipped routes: authentication, latency,
/// faults and the rate cap apply. A shipped route (`/tasks/{id}`, …) wins over a resource with
/// the same path.
///
/// ```
/// use ittybit_mock::{MockConfig, MockResource};
/// use serde_json::json;
///
/// # fn main() -> Result<(), ittybit_mock::ResourceError> {
/// let widgets = MockResource::collection("/widgets", [json!({"id": "w_1", "colour": "red"})])?
///     .filter("colour");
/// let parts = MockResource::collection(
///     "/widgets/{widget_id}/parts",
///     [json!({"id": "part_1", "widget_id": "w_1"})],
/// )?;
/// let account = MockResource::singleton("/account", json!({"name": "Acme"}))?;
/// let config = MockConfig::default().resource(widgets).resource(parts).resource(account);
/// # let _ = config;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MockResource {
    pub(crate) path: String,
    pub(crate) template: Template,
    pub(crate) singleton: bool,
    pub(crate) objects: Vec<Object>,
    pub(crate) filters: Vec<String>,
}

/// One object of a resource, checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Object {
    /// Its id as it appears in paths (empty for a singleton).
    pub(crate) id: String,
    /// The values of the path's placeholders, in order.
    pub(crate) parents: Vec<String>,
    /// The object itself.
    pub(crate) body: Map<String, Value>,
}

/// A path template split into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template(pub(crate) Vec<Segment>);

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Text matched exactly.
    Literal(String),
    /// `{name}`: any one segment, whose value objects hold in their field `name`.
    Param(String),
}

/// Why a resource cannot be served: its path or one of its objects, with the place named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceError {
    message: String,
}

impl ResourceError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResourceError {}

impl MockResource {
    /// A collection at `path` (items at `{path}/{id}`) holding `objects`, oldest first.
    ///
    /// # Errors
    ///
    /// If `path` is not a template such as `/widgets` or `/widgets/{widget_id}/parts` (it must
    /// start with `/`, have no empty segment, query or fragment, name each placeholder once,
    /// and end with a literal segment), or an object is not a JSON object, has no `id` that is
    /// a string or an integer, repeats an id, or lacks a placeholder's field.
    pub fn collection(
        path: &str,
        objects: impl IntoIterator<Item = Value>,
    ) -> Result<Self, ResourceError> {
        let template = Template::parse(path)?;
        if !matches!(template.0.last(), Some(Segment::Literal(_))) {
            return Err(ResourceError::new(format!(
                "the collection path `{path}` must end with a literal segment, such as `/parts`"
            )));
        }
        let mut seen = HashSet::new();
        let mut checked = Vec::new();
        for (index, object) in objects.into_iter().enumerate() {
            let place = || format!("object {index} of `{path}`");
            let body = as_object(object, &place)?;
            let id = body
                .get("id")
                .and_then(display)
                .filter(|id| !id.is_empty())
                .ok_or_else(|| {
                    ResourceError::new(format!(
                        "{} needs an `id` that is a non-empty string or an integer",
                        place()
                    ))
                })?;
            if !seen.insert(id.clone()) {
                return Err(ResourceError::new(format!(
                    "{} repeats the id `{id}`; ids are unique within a resource",
                    place()
                )));
            }
            let parents = template.parents_of(&body, &place)?;
            checked.push(Object { id, parents, body });
        }
        Ok(Self {
            path: path.to_owned(),
            template,
            singleton: false,
            objects: checked,
            filters: Vec::new(),
        })
    }

    /// A singleton at `path` (`/account`): one object, no id, no list. In a nested path
    /// (`/widgets/{widget_id}/settings`) the object holds each placeholder's field; register
    /// the same path again to add the object of another parent.
    ///
    /// # Errors
    ///
    /// If `path` is not a template (see [`MockResource::collection`]), `object` is not a JSON
    /// object, or it lacks a placeholder's field.
    pub fn singleton(path: &str, object: Value) -> Result<Self, ResourceError> {
        let template = Template::parse(path)?;
        let place = || format!("the object of `{path}`");
        let body = as_object(object, &place)?;
        let parents = template.parents_of(&body, &place)?;
        Ok(Self {
            path: path.to_owned(),
            template,
            singleton: true,
            objects: vec![Object {
                id: String::new(),
                parents,
                body,
            }],
            filters: Vec::new(),
        })
    }

    /// Lets the list take a query parameter `field` that keeps the objects whose top-level
    /// field of that name equals it (`?colour=red`; numbers and booleans compare as written).
    /// Other unknown parameters are ignored, as on the shipped lists.
    #[must_use]
    pub fn filter(mut self, field: impl Into<String>) -> Self {
        self.filters.push(field.into());
        self
    }

    /// The path template, as given.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Reads resources from JSON text: an array of
    /// `{"path": "/widgets", "items": [{…}, …], "filters": ["colour"]}` for collections and
    /// `{"path": "/account", "singleton": {…}}` for singletons (`filters` is optional). This is
    /// the format of the binary's `--resources FILE`.
    ///
    /// ```
    /// let resources = ittybit_mock::MockResource::from_json(
    ///     r#"[{"path": "/widgets", "items": [{"id": "w_1"}]},
    ///         {"path": "/account", "singleton": {"name": "Acme"}}]"#,
    /// )?;
    /// assert_eq!(resources.len(), 2);
    /// # Ok::<(), ittybit_mock::ResourceError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If the text is not JSON of that shape (the message names the entry and field), or a
    /// resource is invalid (see [`MockResource::collection`]).
    pub fn from_json(text: &str) -> Result<Vec<Self>, ResourceError> {
        let json: Value = serde_json::from_str(text)
            .map_err(|err| ResourceError::new(format!("not valid JSON: {err}")))?;
        let entries: Vec<Entry> = serde_path_to_error::deserialize(&json).map_err(|err| {
            let (path, inner) = (err.path().to_string(), err.inner().to_string());
            ResourceError::new(match err.path().iter().next() {
                Some(serde_path_to_error::Segment::Seq { index }) => {
                    let field = path[format!("[{index}]").len()..].trim_start_matches('.');
                    if field.is_empty() || inner.contains(&format!("`{field}`")) {
                        format!("resource {index}: {inner}")
                    } else {
                        format!("resource {index}: `{field}`: {inner}")
                    }
                }
                _ => format!(
                    "expected a JSON array of resources, such as [{{\"path\": \"/widgets\", \"items\": []}}]: {inner}"
                ),
            })
        })?;
        entries
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                match (entry.items, entry.singleton) {
                    (Some(items), None) => Self::collection(&entry.path, items),
                    (None, Some(object)) => Self::singleton(&entry.path, object),
                    _ => Err(ResourceError::new(
                        "needs exactly one of `items` (a collection) and `singleton`",
                    )),
                }
                .map(|resource| entry.filters.into_iter().fold(resource, Self::filter))
                .map_err(|err| ResourceError::new(format!("resource {index}: {}", err.message)))
            })
            .collect()
    }
}

/// One entry of [`MockResource::from_json`].
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object with `path` and `items` or `singleton`"
)]
struct Entry {
    path: String,
    items: Option<Vec<Value>>,
    singleton: Option<Value>,
    #[serde(default)]
    filters: Vec<String>,
}

impl Template {
    /// Parses `/a/{b}/c`.
    pub(crate) fn parse(path: &str) -> Result<Self, ResourceError> {
        let bad = |why: &str| ResourceError::new(format!("the path `{path}` {why}"));
        let Some(rest) = path.strip_prefix('/') else {
            return Err(bad("must start with `/`"));
        };
        if path.contains(['?', '#', '\\']) || path.chars().any(char::is_whitespace) {
            return Err(bad(
                "may not hold a query, a fragment, a backslash or whitespace",
            ));
        }
        let mut names = HashSet::new();
        let mut segments = Vec::new();
        for segment in rest.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return Err(bad("has an empty, `.` or `..` segment"));
            }
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let valid = name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err(bad(&format!(
                        "has a placeholder `{segment}` whose name is not an identifier"
                    )));
                }
                if !names.insert(name) {
                    return Err(bad(&format!("names the placeholder `{segment}` twice")));
                }
                segments.push(Segment::Param(name.to_owned()));
            } else if segment.contains(['{', '}']) {
                return Err(bad(&format!(
                    "has a segment `{segment}` that is neither text nor a whole `{{placeholder}}`"
                )));
            } else {
                segments.push(Segment::Literal(segment.to_owned()));
            }
        }
        Ok(Self(segments))
    }

    /// The placeholders' names, in order.
    pub(crate) fn params(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|segment| match segment {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The values of the placeholders, read from the object's fields.
    fn parents_of(
        &self,
        body: &Map<String, Value>,
        place: &impl Fn() -> String,
    ) -> Result<Vec<String>, ResourceError> {
        self.params()
            .map(|name| {
                body.get(name).and_then(display).ok_or_else(|| {
                    ResourceError::new(format!(
                        "{} needs a field `{name}` (a string or an integer) for the path's `{{{name}}}`",
                        place()
                    ))
                })
            })
            .collect()
    }

    /// The resource's name in messages and error kinds: the last literal segment, without a
    /// trailing `s` (`/widgets/{widget_id}/parts` → `part`).
    pub(crate) fn noun(&self) -> String {
        let last = self
            .0
            .iter()
            .rev()
            .find_map(|segment| match segment {
                Segment::Literal(text) => Some(text.as_str()),
                Segment::Param(_) => None,
            })
            .unwrap_or("resource");
        let singular = last
            .strip_suffix('s')
            .filter(|s| !s.is_empty())
            .unwrap_or(last);
        singular
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect()
    }
}

/// A JSON object, or an error naming the place.
fn as_object(
    value: Value,
    place: &impl Fn() -> String,
) -> Result<Map<String, Value>, ResourceError> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(ResourceError::new(format!(
            "{} must be a JSON object, not `{other}`",
            place()
        ))),
    }
}

/// A string's text or an integer's digits: how an id or parent appears in a path.
pub(crate) fn display(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_are_checked() {
        for bad in [
            "widgets",
            "/",
            "/widgets/",
            "/a//b",
            "/a/../b",
            "/a?x=1",
            "/a/{}",
            "/a/{1x}/b",
            "/a/{x}/b/{x}/c",
            "/a/x{y}/b",
            "/a b",
        ] {
            assert!(Template::parse(bad).is_err(), "{bad}");
        }
        let template = Template::parse("/widgets/{widget_id}/parts").unwrap();
        assert_eq!(template.params().collect::<Vec<_>>(), ["widget_id"]);
        assert_eq!(template.noun(), "part");
        assert_eq!(Template::parse("/account").unwrap().noun(), "account");
        assert_eq!(Template::parse("/line-items").unwrap().noun(), "line_item");
    }

    #[test]
    fn objects_are_checked_with_their_place_named() {
        let err = |result: Result<MockResource, ResourceError>| result.unwrap_err().to_string();
        assert!(err(MockResource::collection("/w/{w_id}", [])).contains("literal segment"));
        assert_eq!(
            err(MockResource::collection(
                "/w",
                [json!({"id": "a"}), json!(3)]
            )),
            "object 1 of `/w` must be a JSON object, not `3`"
        );
        assert!(err(MockResource::collection("/w", [json!({"id": 1.5})])).contains("`id`"));
        assert!(err(MockResource::collection("/w", [json!({"id": ""})])).contains("`id`"));
        assert!(
            err(MockResource::collection(
                "/w",
                [json!({"id": 1}), json!({"id": "1"})]
            ))
            .contains("repeats")
        );
        assert!(
            err(MockResource::collection("/w/{w_id}/p", [json!({"id": 1})])).contains("`w_id`")
        );
        assert!(err(MockResource::singleton("/w/{w_id}/s", json!({}))).contains("`w_id`"));
        let parts =
            MockResource::collection("/w/{w_id}/p", [json!({"id": 7, "w_id": "a"})]).unwrap();
        assert_eq!(parts.objects[0].id, "7");
        assert_eq!(parts.objects[0].parents, ["a"]);
    }

    #[test]
    fn json_files_name_the_entry_at_fault() {
        let err = |text: &str| MockResource::from_json(text).unwrap_err().to_string();
        assert!(err("{").starts_with("not valid JSON"));
        assert!(err("{}").contains("array"));
        assert!(
            err("[3]").starts_with(
                "resource 0: invalid type: integer `3`, expected an object with `path` and `items` or `singleton`"
            )
        );
        assert!(err(r#"[{"items": []}]"#).contains("`path`"));
        assert!(err(r#"[{"path": "/a"}]"#).contains("exactly one"));
        assert!(err(r#"[{"path": "/a", "items": [], "singleton": {}}]"#).contains("exactly one"));
        assert!(err(r#"[{"path": "/a", "items": {}}]"#).contains("`items`"));
        assert!(err(r#"[{"path": "/a", "items": [], "filters": "x"}]"#).contains("`filters`"));
        assert!(
            err(r#"[{"path": "/a", "items": [], "colour": 1}]"#).contains("unknown field `colour`")
        );
        assert_eq!(
            err(r#"[{"path": "/a", "items": []}, {"path": "/b", "items": [{}]}]"#),
            "resource 1: object 0 of `/b` needs an `id` that is a non-empty string or an integer"
        );
        let ok = MockResource::from_json(
            r#"[{"path": "/a", "items": [{"id": 1}], "filters": ["x"]}, {"path": "/s", "singleton": {}}]"#,
        )
        .unwrap();
        assert_eq!(ok[0].filters, ["x"]);
        assert!(ok[1].singleton);
    }
}
