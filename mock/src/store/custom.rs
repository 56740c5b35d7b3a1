//! The caller's own resources: which registered path a request path names, and their objects
//! in [`Collection`]s, so that their lists paginate exactly as the shipped ones do.

use serde_json::{Map, Value};

use crate::model::objects::CustomObject;
use crate::resources::{MockResource, Segment, Template, display};
use crate::store::collection::{Collection, Ids, Order};

/// Every registered resource.
#[derive(Debug, Default)]
pub(crate) struct CustomResources {
    entries: Vec<Entry>,
    /// Sequence numbers of stored objects (creation order).
    seq: u64,
}

/// One registered resource and its objects.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The path template.
    template: Template,
    /// A singleton: `GET {path}` only.
    pub(crate) singleton: bool,
    /// List parameters that filter by a field of the same name.
    pub(crate) filters: Vec<String>,
    /// Its name in messages (`part`).
    pub(crate) noun: String,
    /// The kind of its `404` (`part_not_found`).
    pub(crate) not_found: String,
    /// Whether created objects get integer ids (every given id is an integer).
    numeric_ids: bool,
    /// The objects (for a singleton, one per parent).
    pub(crate) objects: Collection<CustomObject>,
}

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A collection (`GET` lists, `POST` creates) or a singleton (`GET`).
    Collection {
        /// Index of the entry.
        entry: usize,
        /// The placeholders' values.
        parents: Vec<String>,
    },
    /// One object of a collection.
    Object {
        /// Index of the entry.
        entry: usize,
        /// The placeholders' values.
        parents: Vec<String>,
        /// The id.
        id: String,
    },
}

/// A parent that does not exist: the kind of its `404`, its noun and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MissingParent {
    /// `widget_not_found`.
    pub(crate) kind: String,
    /// `widget`.
    pub(crate) noun: String,
    /// The id the path gave.
    pub(crate) id: String,
}

impl CustomResources {
    /// Registers a resource; objects of a path already registered are added to it.
    pub(crate) fn add(&mut self, resource: MockResource) {
        let existing = self.entries.iter().position(|entry| {
            entry.template == resource.template && entry.singleton == resource.singleton
        });
        let index = if let Some(index) = existing {
            index
        } else {
            let noun = resource.template.noun();
            self.entries.push(Entry {
                not_found: format!("{noun}_not_found"),
                noun,
                template: resource.template,
                singleton: resource.singleton,
                filters: Vec::new(),
                numeric_ids: !resource.objects.is_empty()
                    && resource
                        .objects
                        .iter()
                        .all(|object| object.id.parse::<u64>().is_ok()),
                objects: Collection::default(),
            });
            self.entries.len() - 1
        };
        for object in resource.objects {
            self.seq += 1;
            let entry = &mut self.entries[index];
            let id = if entry.singleton {
                singleton_key(&object.parents)
            } else {
                object.id
            };
            entry.objects.insert(
                self.seq,
                CustomObject {
                    id,
                    parents: object.parents,
                    body: object.body,
                },
            );
        }
        let entry = &mut self.entries[index];
        for filter in resource.filters {
            if !entry.filters.contains(&filter) {
                entry.filters.push(filter);
            }
        }
    }

    /// The entry at `index`.
    pub(crate) fn entry(&self, index: usize) -> &Entry {
        &self.entries[index]
    }

    /// What a request path (percent-encoded) names, if any registered resource matches.
    pub(crate) fn route(&self, path: &str) -> Option<Target> {
        let segments: Vec<String> = path
            .strip_prefix('/')?
            .split('/')
            .map(|segment| percent_decode(segment, false).ok())
            .collect::<Option<_>>()?;
        for (index, entry) in self.entries.iter().enumerate() {
            let template = &entry.template.0;
            if let Some(parents) = matches(template, &segments) {
                return Some(Target::Collection {
                    entry: index,
                    parents,
                });
            }
            if !entry.singleton
                && let Some((id, head)) = segments.split_last()
                && !id.is_empty()
                && let Some(parents) = matches(template, head)
            {
                return Some(Target::Object {
                    entry: index,
                    parents,
                    id: id.clone(),
                });
            }
        }
        None
    }

    /// The first parent named in the path that a registered parent collection does not hold.
    pub(crate) fn missing_parent(&self, entry: usize, parents: &[String]) -> Option<MissingParent> {
        let template = &self.entries[entry].template.0;
        let mut seen = 0;
        for (at, segment) in template.iter().enumerate() {
            let Segment::Param(_) = segment else { continue };
            let prefix = &template[..at];
            let parent = self.entries.iter().find(|candidate| {
                !candidate.singleton && same_shape(&candidate.template.0, prefix)
            });
            if let Some(parent) = parent {
                let id = &parents[seen];
                let held = parent
                    .objects
                    .get(id)
                    .is_some_and(|object| object.parents == parents[..seen]);
                if !held {
                    return Some(MissingParent {
                        kind: parent.not_found.clone(),
                        noun: parent.noun.clone(),
                        id: id.clone(),
                    });
                }
            }
            seen += 1;
        }
        None
    }

    /// The object `target` names, if it exists under those parents.
    pub(crate) fn get(&self, entry: usize, parents: &[String], id: &str) -> Option<&CustomObject> {
        self.entries[entry]
            .objects
            .get(id)
            .filter(|object| object.parents == parents)
    }

    /// The singleton object under these parents.
    pub(crate) fn singleton(&self, entry: usize, parents: &[String]) -> Option<&CustomObject> {
        self.get(entry, parents, &singleton_key(parents))
    }

    /// Stores `body` as a new object of a collection under `parents`, with a fresh id (the
    /// next integer when the resource's ids are integers, else `{noun}_` and 16 random
    /// characters) and the parents' fields, and returns it.
    pub(crate) fn create(
        &mut self,
        entry: usize,
        parents: Vec<String>,
        mut body: Map<String, Value>,
        ids: &mut Ids,
    ) -> &CustomObject {
        self.seq += 1;
        let seq = self.seq;
        let entry = &mut self.entries[entry];
        let id = if entry.numeric_ids {
            let next = entry
                .objects
                .walk_after(Order::Asc, None)
                .filter_map(|(_, object)| object.id.parse::<u64>().ok())
                .max()
                .map_or(1, |max| max.saturating_add(1));
            body.insert("id".to_owned(), Value::from(next));
            next.to_string()
        } else {
            let prefix = format!("{}_", entry.noun);
            let id = ids.fresh_id(&prefix, |id| entry.objects.contains(id));
            body.insert("id".to_owned(), Value::from(id.clone()));
            id
        };
        for (name, value) in entry.template.params().zip(&parents) {
            body.insert(name.to_owned(), Value::from(value.clone()));
        }
        entry
            .objects
            .insert(seq, CustomObject { id, parents, body })
    }

    /// Removes an object of a collection; whether it existed under these parents.
    pub(crate) fn remove(&mut self, entry: usize, parents: &[String], id: &str) -> bool {
        if self.get(entry, parents, id).is_none() {
            return false;
        }
        self.entries[entry].objects.remove(id).is_some()
    }
}

impl Entry {
    /// Whether an object passes the list's parents and filter parameters (`param` reads one).
    pub(crate) fn keeps<'a>(
        &self,
        object: &CustomObject,
        parents: &[String],
        param: impl Fn(&str) -> Option<&'a str>,
    ) -> bool {
        object.parents == parents
            && self.filters.iter().all(|field| {
                param(field).is_none_or(|wanted| {
                    object.body.get(field).is_some_and(|value| match value {
                        Value::Bool(b) => b.to_string() == wanted,
                        other => display(other).is_some_and(|text| text == wanted),
                    })
                })
            })
    }
}

/// The key a singleton's object is stored under: its parents, each with its length, so that no
/// two lists of parents share a key (`["a/b", "c"]` and `["a", "b/c"]` differ).
fn singleton_key(parents: &[String]) -> String {
    let mut key = String::new();
    for parent in parents {
        key.push_str(&parent.len().to_string());
        key.push(':');
        key.push_str(parent);
        key.push(';');
    }
    key
}

/// The placeholders' values when `segments` fit `template` exactly.
fn matches(template: &[Segment], segments: &[String]) -> Option<Vec<String>> {
    if template.len() != segments.len() {
        return None;
    }
    let mut parents = Vec::new();
    for (part, segment) in template.iter().zip(segments) {
        match part {
            Segment::Literal(text) if text == segment => {}
            Segment::Param(_) if !segment.is_empty() => parents.push(segment.clone()),
            _ => return None,
        }
    }
    Some(parents)
}

/// Whether two templates have the same literals and placeholders in the same places.
fn same_shape(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Segment::Literal(x), Segment::Literal(y)) => x == y,
            (Segment::Param(_), Segment::Param(_)) => true,
            _ => false,
        })
}

/// Percent-decodes a path segment or (with `plus_is_space`) an
/// `application/x-www-form-urlencoded` query component. Every `%` must be followed by two
/// hexadecimal digits, and the result must be UTF-8.
pub(crate) fn percent_decode(raw: &str, plus_is_space: bool) -> Result<String, &'static str> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match byte {
            b'%' => {
                let [high, low, after @ ..] = rest else {
                    return Err("`%` must be followed by two hexadecimal digits");
                };
                let decoded = hex_digit(*high)
                    .zip(hex_digit(*low))
                    .map(|(high, low)| (high << 4) | low)
                    .ok_or("`%` must be followed by two hexadecimal digits")?;
                out.push(decoded);
                rest = after;
            }
            b'+' if plus_is_space => out.push(b' '),
            other => out.push(other),
        }
    }
    String::from_utf8(out).map_err(|_| "the decoded text is not UTF-8")
}

/// The value of one hexadecimal digit (either case).
fn hex_digit(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resources() -> CustomResources {
        let mut all = CustomResources::default();
        all.add(MockResource::collection("/w", [json!({"id": "a"}), json!({"id": "b"})]).unwrap());
        all.add(MockResource::collection("/w/{w_id}/p", [json!({"id": 1, "w_id": "a"})]).unwrap());
        all.add(MockResource::singleton("/me", json!({"name": "x"})).unwrap());
        all
    }

    #[test]
    fn paths_are_routed_to_their_resource() {
        let all = resources();
        let collection = |entry, parents: &[&str]| {
            Some(Target::Collection {
                entry,
                parents: parents.iter().map(|&p| p.to_owned()).collect(),
            })
        };
        assert_eq!(all.route("/w"), collection(0, &[]));
        assert_eq!(all.route("/w/a%20b/p"), collection(1, &["a b"]));
        assert_eq!(all.route("/w/a+b/p"), collection(1, &["a+b"]));
        assert_eq!(all.route("/me"), collection(2, &[]));
        assert_eq!(
            all.route("/w/a/p/1"),
            Some(Target::Object {
                entry: 1,
                parents: vec!["a".into()],
                id: "1".into()
            })
        );
        for none in [
            "/",
            "/x",
            "/w//p",
            "/w/a/p/1/2",
            "/me/1",
            "/w/%zz",
            "/w/a/p/",
        ] {
            assert_eq!(all.route(none), None, "{none}");
        }
        assert_eq!(all.missing_parent(1, &["a".into()]), None);
        let missing = all.missing_parent(1, &["c".into()]).unwrap();
        assert_eq!(
            (missing.kind.as_str(), missing.id.as_str()),
            ("w_not_found", "c")
        );
    }

    #[test]
    fn nested_singletons_are_found_by_exactly_their_parents() {
        let mut all = CustomResources::default();
        for (a, b) in [("x/y", "z"), ("x", "y/z")] {
            let object = json!({"a": a, "b": b});
            all.add(MockResource::singleton("/s/{a}/t/{b}/u", object).unwrap());
        }
        let parents = |a: &str, b: &str| vec![a.to_owned(), b.to_owned()];
        assert_eq!(
            all.singleton(0, &parents("x/y", "z")).unwrap().body["a"],
            "x/y"
        );
        assert_eq!(
            all.singleton(0, &parents("x", "y/z")).unwrap().body["a"],
            "x"
        );
        assert!(all.singleton(0, &parents("x", "y")).is_none());
    }

    #[test]
    fn created_objects_get_fresh_ids_and_their_parents() {
        let mut all = resources();
        let mut ids = Ids::default();
        let made = all.create(1, vec!["b".into()], Map::new(), &mut ids);
        assert_eq!(made.id, "2");
        assert_eq!(made.body["w_id"], "b");
        let made = all.create(0, vec![], Map::new(), &mut ids).id.clone();
        assert!(made.starts_with("w_"), "{made}");
        assert!(all.remove(0, &[], &made));
        assert!(
            !all.remove(1, &["a".into()], "2"),
            "another parent's object"
        );
    }
}
