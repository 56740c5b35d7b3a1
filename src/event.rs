//! Events: what happened to tasks and runs.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{JsonObject, Run, Task, Timestamp, resource};

ittybit_runtime::open_enum! {
    /// What an event reports.
    pub enum EventKind {
        /// A task was created.
        TaskCreated = "task.created",
        /// A task changed.
        TaskUpdated = "task.updated",
        /// A task succeeded.
        TaskSucceeded = "task.succeeded",
        /// A task failed.
        TaskFailed = "task.failed",
        /// A run was created.
        RunCreated = "run.created",
        /// A run changed.
        RunUpdated = "run.updated",
        /// A run succeeded.
        RunSucceeded = "run.succeeded",
        /// A run failed.
        RunFailed = "run.failed",
    }
}

impl EventKind {
    /// Whether the event is about a task (`task.*`).
    #[must_use]
    pub fn is_task(&self) -> bool {
        self.as_str().starts_with("task.")
    }

    /// Whether the event is about a run (`run.*`).
    #[must_use]
    pub fn is_run(&self) -> bool {
        self.as_str().starts_with("run.")
    }
}

/// An event. `GET /events/{id}`, `GET /events`; also the body posted to your webhook endpoints
/// ([`webhook`](crate::webhook)). Its [`data`](Self::data) is decoded by kind: the task snapshot
/// of a `task.*` event, the run snapshot of a `run.*` event, else the JSON as sent.
///
/// ```
/// use ittybit::{Event, EventKind};
///
/// let event: Event = serde_json::from_str(r#"{"id":"evt_1","object":"event","kind":"task.failed",
///     "data":{"id":"task_1","kind":"video","status":"failed","created_at":1735689825,
///             "error":{"kind":"processing_failed","message":"Decoder failed at frame 1184"}},
///     "created_at":1735689886}"#)?;
/// assert_eq!(event.kind, EventKind::TaskFailed);
/// let task = event.task().expect("a task event carries its task");
/// assert_eq!(task.error.as_ref().map(ToString::to_string).as_deref(),
///            Some("processing_failed: Decoder failed at frame 1184"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[resource(path = "/events", filters = EventFilters)]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The event id (`evt_…`); the same event delivered twice has the same id.
    pub id: String,
    /// Always `"event"`.
    pub object: String,
    /// What happened.
    pub kind: EventKind,
    /// The snapshot of the task or run, decoded by [`kind`](Self::kind).
    pub data: EventData,
    /// When it happened.
    pub created_at: Timestamp,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// What an [`Event`] carries: decoded by the event's kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum EventData {
    /// The task of a `task.*` event, as it was when the event happened.
    Task(Box<Task>),
    /// The run of a `run.*` event, as it was when the event happened.
    Run(Box<Run>),
    /// The `data` of a kind this version does not know, as sent.
    Other(Value),
}

impl Event {
    /// The task snapshot of a `task.*` event; `None` for other events.
    #[must_use]
    pub fn task(&self) -> Option<&Task> {
        match &self.data {
            EventData::Task(task) => Some(task),
            _ => None,
        }
    }

    /// The run snapshot of a `run.*` event; `None` for other events.
    #[must_use]
    pub fn run(&self) -> Option<&Run> {
        match &self.data {
            EventData::Run(run) => Some(run),
            _ => None,
        }
    }
}

/// Decodes `data` as the snapshot `kind` names, straight from the input.
struct Snapshot<'a>(&'a EventKind);

impl<'de> DeserializeSeed<'de> for Snapshot<'_> {
    type Value = EventData;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<EventData, D::Error> {
        Ok(match self.0 {
            EventKind::Other(_) => EventData::Other(Value::deserialize(deserializer)?),
            kind if kind.is_task() => EventData::Task(Box::deserialize(deserializer)?),
            _ => EventData::Run(Box::deserialize(deserializer)?),
        })
    }
}

/// JSON buffered as a [`Value`] for `data` read before `kind`, refusing a repeated key (a
/// `Value` map would keep the last of two, where decoding straight into a `Task` refuses them).
struct StrictJson(Value);

impl<'de> Deserialize<'de> for StrictJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Strict;

        impl<'de> Visitor<'de> for Strict {
            type Value = StrictJson;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::Bool(v)))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<StrictJson, E> {
                Ok(StrictJson(v.into()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<StrictJson, E> {
                Ok(StrictJson(v.into()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<StrictJson, E> {
                Ok(StrictJson(v.into()))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrictJson, E> {
                Ok(StrictJson(v.into()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<StrictJson, E> {
                Ok(StrictJson(v.into()))
            }

            fn visit_unit<E: de::Error>(self) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::Null))
            }

            fn visit_none<E: de::Error>(self) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::Null))
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<StrictJson, D::Error> {
                StrictJson::deserialize(d)
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<StrictJson, A::Error> {
                let mut items = Vec::new();
                while let Some(StrictJson(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(StrictJson(Value::Array(items)))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StrictJson, A::Error> {
                let mut object = JsonObject::new();
                while let Some(key) = map.next_key::<String>()? {
                    let StrictJson(value) = map.next_value()?;
                    if object.contains_key(&key) {
                        return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                    }
                    object.insert(key, value);
                }
                Ok(StrictJson(Value::Object(object)))
            }
        }

        deserializer.deserialize_any(Strict)
    }
}

/// The keys of an event object.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Id,
    Object,
    Kind,
    Data,
    CreatedAt,
    Other(String),
}

/// Stores a field's value, refusing a second one as serde's derive does.
fn once<T, E: de::Error>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(E::duplicate_field(name));
    }
    Ok(())
}

impl<'de> Deserialize<'de> for Event {
    /// Reads the object once, decoding `data` as read if `kind` came first (the API's order),
    /// else from the buffered JSON.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EventVisitor;

        impl<'de> Visitor<'de> for EventVisitor {
            type Value = Event;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
                let (mut id, mut object, mut kind, mut created_at) = (None, None, None, None);
                let (mut data, mut early_data) = (None, None);
                let mut extra = JsonObject::new();
                while let Some(field) = map.next_key::<Field>()? {
                    match field {
                        Field::Id => once(&mut id, "id", map.next_value::<String>()?)?,
                        Field::Object => once(&mut object, "object", map.next_value()?)?,
                        Field::Kind => once(&mut kind, "kind", map.next_value::<EventKind>()?)?,
                        Field::CreatedAt => once(&mut created_at, "created_at", map.next_value()?)?,
                        Field::Data => {
                            if data.is_some() || early_data.is_some() {
                                return Err(de::Error::duplicate_field("data"));
                            }
                            match &kind {
                                Some(kind) => data = Some(map.next_value_seed(Snapshot(kind))?),
                                None => early_data = Some(map.next_value::<StrictJson>()?.0),
                            }
                        }
                        Field::Other(key) => {
                            extra.insert(key, map.next_value()?);
                        }
                    }
                }
                let kind = kind.ok_or_else(|| de::Error::missing_field("kind"))?;
                let data = match (data, early_data) {
                    (Some(data), _) => data,
                    (None, Some(value)) => Snapshot(&kind)
                        .deserialize(value)
                        .map_err(|err| de::Error::custom(format_args!("data: {err}")))?,
                    (None, None) => Snapshot(&kind)
                        .deserialize(Value::Null)
                        .map_err(|_| de::Error::missing_field("data"))?,
                };
                Ok(Event {
                    id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                    object: object.unwrap_or_default(),
                    kind,
                    data,
                    created_at: created_at.ok_or_else(|| de::Error::missing_field("created_at"))?,
                    extra,
                })
            }
        }

        deserializer.deserialize_map(EventVisitor)
    }
}

/// Filters for `GET /events`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventFilters {
    /// Only events of this kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventKind>,
}

impl EventFilters {
    /// No filters.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Only events of this kind.
    #[must_use]
    pub fn kind(mut self, kind: EventKind) -> Self {
        self.kind = Some(kind);
        self
    }
}
