//! In-memory storage: one ordered collection per resource, ids, the clock and the store itself.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::config::Advance;
use crate::pagination::Order;
use crate::resources::automations::Automation;
use crate::resources::events::Event;
use crate::resources::keys::Key;
use crate::resources::runs::Run;
use crate::resources::tasks::Task;
use crate::resources::webhooks::WebhookEndpoint;

/// Characters of the random part of ids.
const ID_ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
/// Length of the random part of ids.
const ID_LEN: usize = 16;

/// Locks a mutex, carrying on with the data if another thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The current time in Unix seconds.
pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A stored object with an id.
pub(crate) trait Identified {
    /// The object's id, e.g. `task_k3j9x0a2b7c4d1e8`.
    fn id(&self) -> &str;
}

/// Objects of one resource in creation order: a map keyed by a store-wide, strictly increasing
/// sequence number, plus an index from id to sequence number. Cursor lookups are `O(1)` and
/// walks from a cursor are `O(log n)` to start.
#[derive(Debug)]
pub(crate) struct Collection<T> {
    items: BTreeMap<u64, T>,
    index: HashMap<String, u64>,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Self {
            items: BTreeMap::new(),
            index: HashMap::new(),
        }
    }
}

/// An iterator over `(sequence, object)` pairs.
pub(crate) type Walk<'a, T> = Box<dyn Iterator<Item = (u64, &'a T)> + 'a>;

impl<T: Identified> Collection<T> {
    /// Stores `item` under sequence number `seq`.
    pub(crate) fn insert(&mut self, seq: u64, item: T) {
        self.index.insert(item.id().to_owned(), seq);
        self.items.insert(seq, item);
    }

    /// Whether an object has this id.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// The sequence number of the object with this id.
    pub(crate) fn seq_of(&self, id: &str) -> Option<u64> {
        self.index.get(id).copied()
    }

    /// The object with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&T> {
        self.items.get(&self.seq_of(id)?)
    }

    /// The object with this id, to change it.
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        let seq = self.seq_of(id)?;
        self.items.get_mut(&seq)
    }

    /// The object with this sequence number, to change it.
    pub(crate) fn by_seq_mut(&mut self, seq: u64) -> Option<&mut T> {
        self.items.get_mut(&seq)
    }

    /// Removes and returns the object with this id.
    pub(crate) fn remove(&mut self, id: &str) -> Option<T> {
        let seq = self.index.remove(id)?;
        self.items.remove(&seq)
    }

    /// Objects strictly after sequence `after` (or from the start) in list `order`.
    pub(crate) fn walk_after(&self, order: Order, after: Option<u64>) -> Walk<'_, T> {
        let bound = after.map_or(Bound::Unbounded, Bound::Excluded);
        match order {
            Order::Asc => Box::new(self.items.range((bound, Bound::Unbounded)).map(pair)),
            Order::Desc => Box::new(self.items.range((Bound::Unbounded, bound)).rev().map(pair)),
        }
    }

    /// Objects strictly before sequence `before` in list `order`, nearest first.
    pub(crate) fn walk_before(&self, order: Order, before: u64) -> Walk<'_, T> {
        match order {
            Order::Asc => Box::new(self.items.range(..before).rev().map(pair)),
            Order::Desc => Box::new(
                self.items
                    .range((Bound::Excluded(before), Bound::Unbounded))
                    .map(pair),
            ),
        }
    }
}

/// Copies the sequence number out of a map entry.
fn pair<'a, T>((seq, item): (&'a u64, &'a T)) -> (u64, &'a T) {
    (*seq, item)
}

/// Everything the mock API holds.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) tasks: Collection<Task>,
    pub(crate) runs: Collection<Run>,
    pub(crate) events: Collection<Event>,
    pub(crate) webhooks: Collection<WebhookEndpoint>,
    pub(crate) keys: Collection<Key>,
    pub(crate) automations: Collection<Automation>,
    /// Secrets of live keys, mapped to the key id.
    pub(crate) secrets: HashMap<String, String>,
    /// How statuses advance.
    pub(crate) advance: Advance,
    /// With [`Advance::Every`]: when each unfinished task takes its next step.
    pub(crate) due: BTreeSet<(Instant, u64)>,
    /// The random generator for ids and secrets.
    pub(crate) rng: fastrand::Rng,
    seq: u64,
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
            secrets: HashMap::new(),
            advance,
            due: BTreeSet::new(),
            seq: 0,
            rng: fastrand::Rng::new(),
        }
    }

    /// The next sequence number (store-wide, so creation order is total).
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// `prefix` followed by 16 random lowercase alphanumerics, not used in `taken`.
    pub(crate) fn new_id<T: Identified>(
        rng: &mut fastrand::Rng,
        taken: &Collection<T>,
        prefix: &str,
    ) -> String {
        loop {
            let id = random_id(rng, prefix, ID_LEN);
            if !taken.contains(&id) {
                return id;
            }
        }
    }

    /// The step interval with [`Advance::Every`].
    pub(crate) fn step_interval(&self) -> Option<Duration> {
        match self.advance {
            Advance::Every(interval) => Some(interval),
            Advance::PerRead | Advance::Never => None,
        }
    }
}

/// `prefix` followed by `len` random lowercase alphanumerics.
pub(crate) fn random_id(rng: &mut fastrand::Rng, prefix: &str, len: usize) -> String {
    let mut id = String::with_capacity(prefix.len() + len);
    id.push_str(prefix);
    for _ in 0..len {
        id.push(char::from(ID_ALPHABET[rng.usize(..ID_ALPHABET.len())]));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(String);
    impl Identified for Item {
        fn id(&self) -> &str {
            &self.0
        }
    }

    #[test]
    fn ids_have_prefix_and_sixteen_lowercase_alphanumerics() {
        let mut rng = fastrand::Rng::with_seed(7);
        let id = Store::new_id(&mut rng, &Collection::<Item>::default(), "task_");
        let tail = id.strip_prefix("task_").unwrap();
        assert_eq!(tail.len(), 16);
        assert!(
            tail.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
    }

    #[test]
    fn walks_in_both_orders() {
        let mut items = Collection::default();
        for seq in 1..=5 {
            items.insert(seq, Item(format!("i{seq}")));
        }
        let seqs = |walk: Walk<'_, Item>| walk.map(|(s, _)| s).collect::<Vec<_>>();
        assert_eq!(seqs(items.walk_after(Order::Asc, Some(2))), [3, 4, 5]);
        assert_eq!(seqs(items.walk_after(Order::Desc, Some(4))), [3, 2, 1]);
        assert_eq!(seqs(items.walk_before(Order::Asc, 3)), [2, 1]);
        assert_eq!(seqs(items.walk_before(Order::Desc, 3)), [4, 5]);
        assert!(items.remove("i3").is_some());
        assert_eq!(items.seq_of("i4"), Some(4));
        assert!(items.get("i3").is_none());
    }
}
