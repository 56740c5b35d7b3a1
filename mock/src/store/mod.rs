//! In-memory storage: one [`Collection`] per resource in a store-wide creation order, ids, the
//! pagination of every list, and the task lifecycle applied over time. No HTTP here.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::config::Advance;
use crate::model::Resource;
use crate::model::objects::{Automation, Key, WebhookEndpoint};
use crate::model::task::{Event, Run, Task};
use crate::store::collection::{Collection, Ids};
use crate::store::custom::CustomResources;

pub(crate) mod collection;
pub(crate) mod custom;
pub(crate) mod tasks;

/// Everything the mock API holds.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) tasks: Collection<Task>,
    pub(crate) runs: Collection<Run>,
    pub(crate) events: Collection<Event>,
    pub(crate) webhooks: Collection<WebhookEndpoint>,
    pub(crate) keys: Collection<Key>,
    pub(crate) automations: Collection<Automation>,
    /// The caller's own resources.
    pub(crate) custom: CustomResources,
    /// Sequence numbers and random ids for everything created.
    pub(crate) ids: Ids,
    /// Secrets of live keys, mapped to the key id.
    secrets: HashMap<String, String>,
    /// How statuses advance.
    advance: Advance,
    /// With [`Advance::Every`]: when each unfinished task takes its next step.
    due: BTreeSet<(Instant, u64)>,
    /// Ids of the events recorded since deliveries were last taken (see `tasks.rs`).
    recorded: Vec<String>,
}

impl Store {
    /// An empty store.
    pub(crate) fn new(advance: Advance) -> Self {
        Self {
            tasks: Collection::default(),
            runs: Collection::default(),
            events: Collection::default(),
            webhooks: Collection::default(),
            keys: Collection::default(),
            automations: Collection::default(),
            custom: CustomResources::default(),
            ids: Ids::default(),
            secrets: HashMap::new(),
            advance,
            due: BTreeSet::new(),
            recorded: Vec::new(),
        }
    }

    /// Whether each read of a task or run moves it a step ([`Advance::PerRead`]).
    pub(crate) fn advances_per_read(&self) -> bool {
        self.advance == Advance::PerRead
    }

    /// The step interval with [`Advance::Every`].
    fn step_interval(&self) -> Option<Duration> {
        match self.advance {
            Advance::Every(interval) => Some(interval),
            Advance::PerRead | Advance::Never => None,
        }
    }

    /// The object of resource `T` with this id, after what reading it does first (with
    /// [`Advance::PerRead`], a task or run moves a step).
    pub(crate) fn read<T: Stored>(&mut self, id: &str) -> Option<&T> {
        T::on_read(self, id);
        T::collection(self).get(id)
    }

    /// Stores the object `build` makes from a fresh id, as the newest, and returns it.
    pub(crate) fn create<T: Stored>(&mut self, build: impl FnOnce(String) -> T) -> &mut T {
        let (items, ids) = T::parts(self);
        items.create(ids, build)
    }

    /// Stores a created key; its secret authenticates from now on.
    pub(crate) fn add_key(&mut self, build: impl FnOnce(String) -> Key) -> &Key {
        let key = self.keys.create(&mut self.ids, build);
        self.secrets.insert(key.secret.clone(), key.id.clone());
        key
    }

    /// Deletes a key and stops its secret from authenticating.
    pub(crate) fn remove_key(&mut self, id: &str) -> Option<Key> {
        let key = self.keys.remove(id)?;
        self.secrets.remove(&key.secret);
        Some(key)
    }

    /// The id of the live key whose secret this is.
    pub(crate) fn key_for_secret(&self, secret: &str) -> Option<&str> {
        self.secrets.get(secret).map(String::as_str)
    }
}

/// A resource the store holds, and where: what generic code needs to find, create and read
/// objects of any resource.
pub(crate) trait Stored: Resource + Sized {
    /// The resource's collection.
    fn collection(store: &Store) -> &Collection<Self>;

    /// The resource's collection and the id source, to create objects.
    fn parts(store: &mut Store) -> (&mut Collection<Self>, &mut Ids);

    /// What reading an object does first; nothing unless said otherwise.
    fn on_read(_store: &mut Store, _id: &str) {}
}

/// Implements [`Stored`] for models and their `Store` fields, optionally with a step to take
/// when an object is read with [`Advance::PerRead`].
macro_rules! stored {
    ($($model:ty => $field:ident $(, read steps with $step:path)?;)*) => {$(
        impl Stored for $model {
            fn collection(store: &Store) -> &Collection<Self> {
                &store.$field
            }

            fn parts(store: &mut Store) -> (&mut Collection<Self>, &mut Ids) {
                (&mut store.$field, &mut store.ids)
            }

            $(fn on_read(store: &mut Store, id: &str) {
                if store.advances_per_read() {
                    $step(store, id);
                }
            })?
        }
    )*};
}

stored! {
    Task => tasks, read steps with Store::step_task;
    Run => runs, read steps with Store::step_run;
    Event => events;
    WebhookEndpoint => webhooks;
    Key => keys;
    Automation => automations;
}

/// The current time in Unix seconds (0 before 1970, `i64::MAX` in the far future).
pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
