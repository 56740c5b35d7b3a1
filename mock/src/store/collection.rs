//! One resource's objects in creation order, with walks in either direction from a cursor.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use crate::model::resource::Resource;
use crate::store::ids::Ids;

/// List order by creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Oldest first.
    Asc,
    /// Newest first (the default).
    Desc,
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

impl<T: Resource> Collection<T> {
    /// Stores `item` under sequence number `seq` and returns it.
    pub(crate) fn insert(&mut self, seq: u64, item: T) -> &mut T {
        self.index.insert(item.id().to_owned(), seq);
        match self.items.entry(seq) {
            Entry::Vacant(slot) => slot.insert(item),
            Entry::Occupied(slot) => {
                let slot = slot.into_mut();
                *slot = item;
                slot
            }
        }
    }

    /// A new id for this resource, not used by any object in it.
    pub(crate) fn fresh_id(&self, ids: &mut Ids) -> String {
        ids.fresh_id(T::PREFIX, |id| self.contains(id))
    }

    /// Stores the object `build` makes from a fresh id, as the newest, and returns it.
    pub(crate) fn create(&mut self, ids: &mut Ids, build: impl FnOnce(String) -> T) -> &mut T {
        let item = build(self.fresh_id(ids));
        self.insert(ids.next_seq(), item)
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

    /// The object with this sequence number.
    pub(crate) fn by_seq(&self, seq: u64) -> Option<&T> {
        self.items.get(&seq)
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal resource for store tests.
    #[derive(Debug)]
    pub(crate) struct Item(pub(crate) String);

    impl Resource for Item {
        const PREFIX: &'static str = "i";
        const NOUN: &'static str = "item";
        const NOT_FOUND: &'static str = "item_not_found";

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
        assert_eq!(seqs(items.walk_after(Order::Asc, Some(2))), [3, 4, 5]);
        assert_eq!(seqs(items.walk_after(Order::Desc, Some(4))), [3, 2, 1]);
        assert_eq!(seqs(items.walk_before(Order::Asc, 3)), [2, 1]);
        assert_eq!(seqs(items.walk_before(Order::Desc, 3)), [4, 5]);
        assert!(items.remove("i3").is_some());
        assert_eq!(items.seq_of("i4"), Some(4));
        assert!(items.get("i3").is_none());
    }
}
