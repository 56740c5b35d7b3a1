//! In-memory storage: collections, ids, pages, the task lifecycle and own resources.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::{
    Advance, MockResource, Object, Segment, TaskSeed, Template, display, singleton_key,
};
use crate::model::{self, Automation, Event, Key, NewTask, Run, Task, WebhookEndpoint};

/// Everything the mock API holds.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) tasks: Collection<Task>,
    pub(crate) runs: Collection<Run>,
    pub(crate) events: Collection<Event>,
    pub(crate) webhooks: Collection<WebhookEndpoint>,
    pub(crate) keys: Collection<Key>,
    pub(crate) automations: Collection<Automation>,
    pub(crate) custom: CustomResources,
    pub(crate) ids: Ids,
    pub(crate) advance: Advance,
    /// With [`Advance::Every`]: when each unfinished task takes its next step.
    due: BTreeSet<(Instant, u64)>,
    /// Ids of the events recorded since deliveries were last taken.
    recorded: Vec<String>,
}

impl Store {
    /// The object of resource `T` with this id, after what reading it does first.
    pub(crate) fn read<T: Stored>(&mut self, id: &str) -> Option<&T> {
        if self.advance == Advance::PerRead {
            T::on_read(self, id);
        }
        T::collection(self).get(id)
    }

    /// Stores the object `build` makes from a fresh id, as the newest, and returns it.
    pub(crate) fn create<T: Stored>(&mut self, build: impl FnOnce(String) -> T) -> &mut T {
        let (items, ids) = T::parts(self);
        let item = build(items.fresh_id(ids));
        items.insert(ids.next_seq(), item)
    }

    /// The id of the live key whose secret this is.
    pub(crate) fn key_for_secret(&self, secret: &str) -> Option<String> {
        let key = self.keys.items.values().find(|key| key.secret == secret);
        key.map(|key| key.id.clone())
    }
}

/// An object a [`Collection`] holds.
pub(crate) trait Resource {
    /// The id prefix, e.g. `task_`.
    const PREFIX: &'static str;
    /// The name in messages, e.g. `webhook endpoint`.
    const NOUN: &'static str;

    fn id(&self) -> &str;
}

impl Resource for Object {
    const PREFIX: &'static str = "";
    const NOUN: &'static str = "object";

    fn id(&self) -> &str {
        &self.id
    }
}

/// One of the API's resources and where the store holds it (see `stored!`).
pub(crate) trait Stored: Resource + Sized {
    fn collection(store: &Store) -> &Collection<Self>;

    fn parts(store: &mut Store) -> (&mut Collection<Self>, &mut Ids);

    /// What reading an object does first with [`Advance::PerRead`]; nothing unless said.
    fn on_read(_store: &mut Store, _id: &str) {}
}

/// Implements [`Resource`] and [`Stored`] for models and their `Store` fields.
macro_rules! stored {
    ($($model:ty => $field:ident, $prefix:literal, $noun:literal $(, read steps with $step:path)?;)*) => {$(
        impl Resource for $model {
            const PREFIX: &'static str = $prefix;
            const NOUN: &'static str = $noun;

            fn id(&self) -> &str {
                &self.id
            }
        }

        impl Stored for $model {
            fn collection(store: &Store) -> &Collection<Self> {
                &store.$field
            }

            fn parts(store: &mut Store) -> (&mut Collection<Self>, &mut Ids) {
                (&mut store.$field, &mut store.ids)
            }

            $(fn on_read(store: &mut Store, id: &str) {
                $step(store, id);
            })?
        }
    )*};
}

stored! {
    Task => tasks, "task_", "task", read steps with Store::step_task;
    Run => runs, "run_", "run", read steps with Store::step_run;
    Event => events, "evt_", "event";
    WebhookEndpoint => webhooks, "we_", "webhook endpoint";
    Key => keys, "key_", "key";
    Automation => automations, "auto_", "automation";
}

/// The current time in Unix seconds (0 before 1970, `i64::MAX` in the far future).
pub(crate) fn now_unix() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH);
    since.map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// List order by creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    Asc,
    Desc,
}

/// Objects of one resource keyed by a store-wide creation sequence, indexed by id.
#[derive(Debug, Default)]
pub(crate) struct Collection<T> {
    items: BTreeMap<u64, T>,
    index: HashMap<String, u64>,
}

/// An iterator over `(sequence, object)` pairs.
pub(crate) type Walk<'a, T> = Box<dyn Iterator<Item = (u64, &'a T)> + 'a>;

impl<T: Resource> Collection<T> {
    pub(crate) fn insert(&mut self, seq: u64, item: T) -> &mut T {
        self.index.insert(item.id().to_owned(), seq);
        self.items.entry(seq).insert_entry(item).into_mut()
    }

    /// A new id for this resource, not used by any object in it.
    pub(crate) fn fresh_id(&self, ids: &mut Ids) -> String {
        ids.fresh_id(T::PREFIX, |id| self.contains(id))
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub(crate) fn seq_of(&self, id: &str) -> Option<u64> {
        self.index.get(id).copied()
    }

    pub(crate) fn get(&self, id: &str) -> Option<&T> {
        self.items.get(&self.seq_of(id)?)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.items.get_mut(&self.seq_of(id)?)
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<T> {
        self.items.remove(&self.index.remove(id)?)
    }

    /// Objects strictly beyond sequence `from` (or from either end), ascending or descending.
    pub(crate) fn walk(&self, ascending: bool, from: Option<u64>) -> Walk<'_, T> {
        let from = from.map_or(Bound::Unbounded, Bound::Excluded);
        if ascending {
            Box::new(self.items.range((from, Bound::Unbounded)).map(pair))
        } else {
            Box::new(self.items.range((Bound::Unbounded, from)).rev().map(pair))
        }
    }

    /// The page `query` asks for among the items `keep` accepts, and whether more follow; an
    /// unknown cursor is the message of a `400`.
    pub(crate) fn page(
        &self,
        query: &PageQuery,
        keep: impl Fn(&T) -> bool,
    ) -> Result<(Vec<&T>, bool), String> {
        let cursor = |param, id: &Option<String>| {
            let Some(id) = id else { return Ok(None) };
            let noun = T::NOUN;
            let unknown = || format!("The `{param}` parameter `{id}` does not match any {noun}.");
            self.seq_of(id).map(Some).ok_or_else(unknown)
        };
        let after = cursor("after", &query.after)?;
        let before = cursor("before", &query.before)?;
        let asc = query.order == Order::Asc;
        let page: Vec<(u64, &T)> = match (after, before) {
            (None, Some(before)) => {
                let nearest = self.walk(!asc, Some(before)).filter(|(_, item)| keep(item));
                let nearest: Vec<_> = nearest.take(query.limit).collect();
                nearest.into_iter().rev().collect()
            }
            (after, before) => {
                let inside = |seq| before.is_none_or(|b| if asc { seq < b } else { seq > b });
                let walk = self.walk(asc, after).take_while(|&(seq, _)| inside(seq));
                let kept = walk.filter(|(_, item)| keep(item));
                kept.take(query.limit).collect()
            }
        };
        let more = |&(last, _): &(u64, &T)| self.walk(asc, Some(last)).any(|(_, item)| keep(item));
        let has_more = page.last().is_some_and(more);
        Ok((page.into_iter().map(|(_, item)| item).collect(), has_more))
    }
}

fn pair<'a, T>((seq, item): (&'a u64, &'a T)) -> (u64, &'a T) {
    (*seq, item)
}

const ID_ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// The source of sequence numbers and random ids.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    rng: fastrand::Rng,
    seq: u64,
}

impl Ids {
    /// The next sequence number (store-wide, so creation order is total).
    pub(crate) fn next_seq(&mut self) -> u64 {
        // One number per stored object: 2^64 objects cannot fit in memory, so this never wraps.
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// `prefix` followed by 16 random lowercase alphanumerics, for which `taken` is false.
    pub(crate) fn fresh_id(&mut self, prefix: &str, mut taken: impl FnMut(&str) -> bool) -> String {
        let mut ids = std::iter::repeat_with(|| self.random(prefix, 16));
        ids.find(|id| !taken(id)).unwrap_or_default()
    }

    /// `prefix` followed by `len` random lowercase alphanumerics.
    pub(crate) fn random(&mut self, prefix: &str, len: usize) -> String {
        let pick = |_| char::from(ID_ALPHABET[self.rng.usize(..ID_ALPHABET.len())]);
        prefix.chars().chain((0..len).map(pick)).collect()
    }
}

/// What a list request asks for, already checked: the page size (1–100) and the cursors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageQuery {
    pub(crate) limit: usize,
    pub(crate) after: Option<String>,
    pub(crate) before: Option<String>,
    pub(crate) order: Order,
}

impl Store {
    /// Creates a run of `new` tasks, recording `run.created` and a `task.created` per task.
    pub(crate) fn create_run(
        &mut self,
        new: Vec<NewTask>,
        metadata: Map<String, Value>,
        created_by: Option<String>,
        automation_id: Option<String>,
    ) -> &Run {
        let now = now_unix();
        let run_id = self.runs.fresh_id(&mut self.ids);
        let mut tasks: Vec<Task> = Vec::with_capacity(new.len());
        for spec in new {
            let taken = |id: &str| self.tasks.contains(id) || tasks.iter().any(|t| t.id == id);
            let id = self.ids.fresh_id(Task::PREFIX, taken);
            let parent = spec.parent.and_then(|index| tasks.get(index));
            let parent_id = parent.map(|parent| parent.id.clone());
            let mut task = model::new_task(id, run_id.clone(), spec, now);
            (task.parent_id, task.created_by) = (parent_id, created_by.clone());
            tasks.push(task);
        }
        let summaries = tasks.iter().map(model::summary).collect();
        let mut run = model::new_run(run_id, summaries, now);
        (run.metadata, run.created_by, run.automation_id) = (metadata, created_by, automation_id);
        let mut events = vec![("run.created", snapshot(&run))];
        events.extend(tasks.iter().map(|task| ("task.created", snapshot(task))));
        for task in tasks {
            self.insert_task(task);
        }
        let run_seq = self.ids.next_seq();
        for (kind, data) in events {
            self.record_event(kind, data, now);
        }
        self.runs.insert(run_seq, run)
    }

    /// Inserts seeded tasks (no events) and returns their ids in creation order.
    pub(crate) fn seed(&mut self, seeds: impl IntoIterator<Item = TaskSeed>) -> Vec<String> {
        let now = now_unix();
        let mut seed = |seed: TaskSeed| {
            let id = self.tasks.fresh_id(&mut self.ids);
            let run_id = (seed.run_id.clone()).unwrap_or_else(|| self.runs.fresh_id(&mut self.ids));
            self.insert_task(model::seeded_task(id.clone(), run_id, seed, now));
            id
        };
        seeds.into_iter().map(&mut seed).collect()
    }

    /// Stores a task and, when statuses advance with time, schedules its first step.
    fn insert_task(&mut self, task: Task) {
        let first_step = match self.advance {
            Advance::Every(every) if task.status.can_advance() => Instant::now().checked_add(every),
            _ => None,
        };
        let seq = self.ids.next_seq();
        self.tasks.insert(seq, task);
        self.due.extend(first_step.map(|due| (due, seq)));
    }

    /// Moves the task (if it exists) one step and updates its run.
    pub(crate) fn step_task(&mut self, id: &str) {
        let now = now_unix();
        let seq = self.tasks.seq_of(id);
        let run_id = seq.and_then(|seq| self.step_task_seq(seq, now));
        if let Some(run_id) = run_id {
            self.sync_run(&run_id, now);
        }
    }

    /// Moves every task of the run (if it exists) one step, then updates the run once.
    pub(crate) fn step_run(&mut self, id: &str) {
        let Some(run) = self.runs.get(id) else {
            return;
        };
        let seqs = run.tasks.iter().filter_map(|t| self.tasks.seq_of(&t.id));
        let seqs: Vec<u64> = seqs.collect();
        let now = now_unix();
        let moved = seqs.iter().filter_map(|&seq| self.step_task_seq(seq, now));
        if moved.count() > 0 {
            self.sync_run(id, now);
        }
    }

    /// With [`Advance::Every`](crate::Advance::Every): applies every step due by `now`.
    pub(crate) fn catch_up(&mut self, now: Instant) {
        let Advance::Every(interval) = self.advance else {
            return;
        };
        while let Some((due, seq)) = self.due.pop_first() {
            if due > now {
                self.due.insert((due, seq));
                break;
            }
            let unix = now_unix();
            if let Some(run_id) = self.step_task_seq(seq, unix) {
                self.sync_run(&run_id, unix);
                let task = self.tasks.items.get(&seq);
                let moves_on = task.is_some_and(|task| task.status.can_advance());
                let next = due.checked_add(interval).filter(|_| moves_on);
                self.due.extend(next.map(|next| (next, seq)));
            }
        }
    }

    /// Moves one task a step, recording its event. Returns its run id if it moved.
    fn step_task_seq(&mut self, seq: u64, now: i64) -> Option<String> {
        let task = self.tasks.items.get_mut(&seq)?;
        let kind = model::step(task, now)?;
        let (run_id, data) = (task.run_id.clone(), snapshot(&*task));
        self.record_event(kind, data, now);
        Some(run_id)
    }

    /// Refreshes a run from its tasks; records an event if its status changed.
    fn sync_run(&mut self, run_id: &str, now: i64) {
        let Some(run) = self.runs.get_mut(run_id) else {
            return;
        };
        let tasks = &self.tasks;
        if let Some(kind) = model::refresh(run, |id| tasks.get(id), now) {
            let data = snapshot(&*run);
            self.record_event(kind, data, now);
        }
    }

    /// Records an event, and notes it for delivery to webhook endpoints.
    fn record_event(&mut self, kind: &'static str, data: Value, now: i64) {
        let object = "event";
        let event = self.create(|id| Event {
            id,
            object,
            kind,
            data,
            created_at: now,
        });
        let id = event.id.clone();
        self.recorded.push(id);
    }

    /// The deliveries of the events recorded since the last call, oldest first.
    pub(crate) fn take_outgoing(&mut self) -> Vec<Outgoing> {
        let mut out = Vec::new();
        let recorded = std::mem::take(&mut self.recorded);
        for event in recorded.iter().filter_map(|id| self.events.get(id)) {
            // Serialising plain strings, numbers and a JSON value cannot fail.
            let body = serde_json::to_vec(event).unwrap_or_default();
            let endpoints = self.webhooks.items.values();
            let endpoints = endpoints.filter(|to| to.receives(event.kind));
            out.extend(endpoints.map(|to| Outgoing {
                endpoint_id: to.id.clone(),
                url: to.url.clone(),
                event_id: event.id.clone(),
                body: body.clone(),
            }));
        }
        out
    }
}

/// A JSON snapshot of a task or run for an event's `data`.
fn snapshot<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// One event to deliver to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outgoing {
    /// The endpoint's id; deliveries to one endpoint are made one at a time, in order.
    pub(crate) endpoint_id: String,
    /// Where to POST the event, as the endpoint had it when the event was recorded.
    pub(crate) url: String,
    pub(crate) event_id: String,
    /// The event object as JSON, exactly as `GET /events/{id}` shows it.
    pub(crate) body: Vec<u8>,
}

/// Every registered resource.
#[derive(Debug, Default)]
pub(crate) struct CustomResources {
    pub(crate) entries: Vec<Entry>,
    seq: u64,
}

/// One registered resource and its objects (for a singleton, one per parent).
#[derive(Debug)]
pub(crate) struct Entry {
    template: Template,
    pub(crate) singleton: bool,
    /// List parameters that filter by a field of the same name.
    filters: Vec<String>,
    pub(crate) noun: String,
    /// Whether created objects get integer ids (every given id is an integer).
    numeric_ids: bool,
    pub(crate) objects: Collection<Object>,
}

/// What a request path names: a resource's list (or singleton), or one object when `id` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) entry: usize,
    /// The placeholders' values.
    pub(crate) parents: Vec<String>,
    pub(crate) id: Option<String>,
}

impl CustomResources {
    /// Registers a resource; objects of a path already registered are added to it.
    pub(crate) fn add(&mut self, resource: MockResource) {
        let (template, singleton, objects) =
            (resource.template, resource.singleton, resource.objects);
        let existing = (self.entries.iter())
            .position(|entry| entry.template == template && entry.singleton == singleton);
        let index = existing.unwrap_or_else(|| {
            let numeric = |object: &Object| object.id.parse::<u64>().is_ok();
            self.entries.push(Entry {
                noun: template.noun(),
                template,
                singleton,
                filters: Vec::new(),
                numeric_ids: !objects.is_empty() && objects.iter().all(numeric),
                objects: Collection::default(),
            });
            self.entries.len() - 1
        });
        let entry = &mut self.entries[index];
        for object in objects {
            self.seq += 1;
            entry.objects.insert(self.seq, object);
        }
        entry.filters.extend(resource.filters);
    }

    /// What a request path (percent-encoded) names, if any registered resource matches.
    pub(crate) fn route(&self, path: &str) -> Option<Target> {
        let segments = path.strip_prefix('/')?.split('/');
        let segments = segments.map(|segment| percent_decode(segment, false).ok());
        self.find(&segments.collect::<Option<Vec<_>>>()?)
    }

    /// The first resource whose template fits `segments`, as a list or as one object.
    fn find(&self, segments: &[String]) -> Option<Target> {
        let mut entries = self.entries.iter().enumerate();
        entries.find_map(|(entry, resource)| {
            let template = &resource.template.0;
            let target = |parents, id| Some(Target { entry, parents, id });
            if let Some(parents) = matches(template, segments) {
                return target(parents, None);
            }
            let (id, head) = segments.split_last().filter(|(id, _)| !id.is_empty())?;
            let parents = matches(template, head).filter(|_| !resource.singleton)?;
            target(parents, Some(id.clone()))
        })
    }

    /// The first parent in the target's path that does not exist: its entry and id.
    pub(crate) fn missing_parent(&self, target: &Target) -> Option<(usize, String)> {
        let mut parents = target.parents.iter();
        let mut path = Vec::new();
        for segment in &self.entries[target.entry].template.0 {
            let text = match segment {
                Segment::Literal(text) => text,
                Segment::Param(_) => parents.next()?,
            };
            path.push(text.clone());
            let hit = matches!(segment, Segment::Param(_)).then(|| self.find(&path));
            let Some(Some(hit)) = hit else {
                continue;
            };
            let missing = |id: &String| self.get(hit.entry, &hit.parents, id).is_none();
            if let Some(id) = hit.id.filter(missing) {
                return Some((hit.entry, id));
            }
        }
        None
    }

    /// The object with this id under these parents (a singleton's id is its parents' key).
    pub(crate) fn get(&self, entry: usize, parents: &[String], id: &str) -> Option<&Object> {
        let entry = &self.entries[entry];
        let key = entry.singleton.then(|| singleton_key(parents));
        let object = entry.objects.get(key.as_deref().unwrap_or(id));
        object.filter(|object| object.parents == parents)
    }

    /// Stores `body` as a new object under `parents`, with a fresh id and the parents' fields.
    pub(crate) fn create(
        &mut self,
        entry: usize,
        parents: Vec<String>,
        mut body: Map<String, Value>,
        ids: &mut Ids,
    ) -> &Object {
        self.seq += 1;
        let entry = &mut self.entries[entry];
        let value = if entry.numeric_ids {
            let objects = entry.objects.items.values();
            let max = objects.filter_map(|o| o.id.parse::<u64>().ok()).max();
            Value::from(max.map_or(1, |max| max.saturating_add(1)))
        } else {
            let prefix = format!("{}_", entry.noun);
            Value::from(ids.fresh_id(&prefix, |id| entry.objects.contains(id)))
        };
        let id = display(&value).unwrap_or_default();
        body.insert("id".to_owned(), value);
        for (name, parent) in entry.template.params().zip(&parents) {
            body.insert(name.to_owned(), Value::from(parent.clone()));
        }
        entry.objects.insert(self.seq, Object { id, parents, body })
    }

    /// Removes an object of a collection; whether it existed under these parents.
    pub(crate) fn remove(&mut self, entry: usize, parents: &[String], id: &str) -> bool {
        self.get(entry, parents, id).is_some() && self.entries[entry].objects.remove(id).is_some()
    }
}

impl Entry {
    /// Whether an object passes the list's parents and filter parameters (`param` reads one).
    pub(crate) fn keeps<'a>(
        &self,
        object: &Object,
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

/// Percent-decodes a path segment or (with `plus_is_space`) a query component, strictly.
pub(crate) fn percent_decode(raw: &str, plus_is_space: bool) -> Result<String, &'static str> {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match byte {
            b'%' => {
                let hex = |d: Option<&u8>| char::from(*d?).to_digit(16);
                let (high, low) = (hex(rest.first()), hex(rest.get(1)));
                let decoded = high.zip(low).map(|(h, l)| (h << 4) | l);
                let decoded = decoded.ok_or("`%` must be followed by two hexadecimal digits")?;
                out.extend(u8::try_from(decoded));
                rest = rest.get(2..).unwrap_or_default();
            }
            b'+' if plus_is_space => out.push(b' '),
            other => out.push(other),
        }
    }
    String::from_utf8(out).map_err(|_| "the decoded text is not UTF-8")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal resource for store tests.
    #[derive(Debug, Default)]
    pub(crate) struct Item(pub(crate) String);

    impl Resource for Item {
        const PREFIX: &'static str = "i";
        const NOUN: &'static str = "item";

        fn id(&self) -> &str {
            &self.0
        }
    }

    /// Items `i1` to `i{n}` with sequence numbers 1 to `n`.
    pub(crate) fn items(n: u64) -> Collection<Item> {
        let mut items = Collection::default();
        for seq in 1..=n {
            items.insert(seq, Item(format!("i{seq}")));
        }
        items
    }

    #[test]
    fn walks_in_both_orders() {
        let mut items = items(5);
        let seqs = |walk: Walk<'_, Item>| walk.map(|(s, _)| s).collect::<Vec<_>>();
        assert_eq!(seqs(items.walk(true, Some(2))), [3, 4, 5]);
        assert_eq!(seqs(items.walk(false, Some(4))), [3, 2, 1]);
        assert_eq!(seqs(items.walk(false, Some(3))), [2, 1]);
        assert_eq!(seqs(items.walk(true, Some(3))), [4, 5]);
        assert_eq!(seqs(items.walk(false, None)), [5, 4, 3, 2, 1]);
        assert!(items.remove("i3").is_some());
        assert_eq!(items.seq_of("i4"), Some(4));
        assert!(items.get("i3").is_none());
    }
}

#[cfg(test)]
mod ids_tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_sixteen_lowercase_alphanumerics() {
        let mut ids = Ids::default();
        let id = ids.fresh_id("task_", |_| false);
        let tail = id.strip_prefix("task_").unwrap();
        assert_eq!(tail.len(), 16);
        assert!(
            tail.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        let mut tries = 0;
        let again = ids.fresh_id("task_", |_| {
            tries += 1;
            tries < 3
        });
        assert_ne!(again, id);
    }
}

#[cfg(test)]
mod page_tests {
    use super::*;
    use crate::store::tests::items;

    fn query(limit: usize, after: Option<&str>, before: Option<&str>, order: Order) -> PageQuery {
        PageQuery {
            limit,
            after: after.map(str::to_owned),
            before: before.map(str::to_owned),
            order,
        }
    }

    #[test]
    fn selects_neighbours_of_cursors_and_says_whether_more_follow() {
        let items = items(10);
        let ids = |q: &PageQuery| {
            let (page, has_more) = items.page(q, |_| true).unwrap();
            let ids: Vec<_> = page.iter().map(|item| item.0.clone()).collect();
            (ids.join(","), has_more)
        };
        assert_eq!(
            ids(&query(3, None, None, Order::Desc)),
            ("i10,i9,i8".into(), true)
        );
        assert_eq!(
            ids(&query(3, Some("i2"), None, Order::Asc)),
            ("i3,i4,i5".into(), true)
        );
        assert_eq!(
            ids(&query(2, None, Some("i5"), Order::Asc)),
            ("i3,i4".into(), true)
        );
        assert_eq!(
            ids(&query(9, Some("i7"), None, Order::Asc)),
            ("i8,i9,i10".into(), false)
        );
        let err = items
            .page(&query(1, None, Some("x"), Order::Asc), |_| true)
            .unwrap_err();
        assert_eq!(err, "The `before` parameter `x` does not match any item.");
    }
}

#[cfg(test)]
mod custom_tests {
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
        let target = |entry, parents: &[&str], id: Option<&str>| Target {
            entry,
            parents: parents.iter().map(|&p| p.to_owned()).collect(),
            id: id.map(str::to_owned),
        };
        let collection = |entry, parents: &[&str]| Some(target(entry, parents, None));
        assert_eq!(all.route("/w"), collection(0, &[]));
        assert_eq!(all.route("/w/a%20b/p"), collection(1, &["a b"]));
        assert_eq!(all.route("/w/a+b/p"), collection(1, &["a+b"]));
        assert_eq!(all.route("/me"), collection(2, &[]));
        assert_eq!(all.route("/w/a/p/1"), Some(target(1, &["a"], Some("1"))));
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
        assert_eq!(all.missing_parent(&target(1, &["a"], None)), None);
        let (parent, id) = all.missing_parent(&target(1, &["c"], Some("1"))).unwrap();
        assert_eq!((all.entries[parent].noun.as_str(), id.as_str()), ("w", "c"));
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
            all.get(0, &parents("x/y", "z"), "").unwrap().body["a"],
            "x/y"
        );
        assert_eq!(all.get(0, &parents("x", "y/z"), "").unwrap().body["a"], "x");
        assert!(all.get(0, &parents("x", "y"), "").is_none());
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
