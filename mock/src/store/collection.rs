//! One resource's objects in creation order, with walks in either direction from a cursor;
//! the sequence numbers (the store-wide creation order) and random ids they are stored under;
//! and pagination: the page a list query selects among a collection's objects.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use crate::model::Resource;

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

/// Characters of the random part of ids.
const ID_ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
/// Length of the random part of ids.
const ID_LEN: usize = 16;

/// The source of sequence numbers and random ids.
#[derive(Debug)]
pub(crate) struct Ids {
    rng: fastrand::Rng,
    seq: u64,
}

impl Default for Ids {
    fn default() -> Self {
        Self {
            rng: fastrand::Rng::new(),
            seq: 0,
        }
    }
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
        loop {
            let id = self.random(prefix, ID_LEN);
            if !taken(&id) {
                return id;
            }
        }
    }

    /// `prefix` followed by `len` random lowercase alphanumerics.
    pub(crate) fn random(&mut self, prefix: &str, len: usize) -> String {
        let mut id = String::with_capacity(prefix.len().saturating_add(len));
        id.push_str(prefix);
        for _ in 0..len {
            let pick = ID_ALPHABET.get(self.rng.usize(..ID_ALPHABET.len()));
            id.extend(pick.map(|&byte| char::from(byte)));
        }
        id
    }
}

/// What a list request asks for, already checked: the page size and the cursors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageQuery {
    /// Items per page (the HTTP layer keeps it within 1–100).
    pub(crate) limit: usize,
    /// Return items after this id.
    pub(crate) after: Option<String>,
    /// Return items before this id.
    pub(crate) before: Option<String>,
    /// Creation order.
    pub(crate) order: Order,
}

/// One page of a collection.
#[derive(Debug)]
pub(crate) struct Page<'a, T> {
    /// The items, in list order.
    pub(crate) items: Vec<&'a T>,
    /// Whether the next page (the items after the last one, ignoring `before`) is non-empty.
    pub(crate) has_more: bool,
}

/// A cursor (`after` or `before`) naming no object of the collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownCursor {
    /// `after` or `before`.
    pub(crate) param: &'static str,
    /// The id the request gave.
    pub(crate) id: String,
    /// The resource's noun, e.g. `task`.
    pub(crate) noun: &'static str,
}

impl<T: Resource> Collection<T> {
    /// Selects the page `query` asks for among the items `keep` accepts.
    ///
    /// - no cursor: the first `limit` items in `order`;
    /// - `after`: the first `limit` items following that item;
    /// - `before`: the `limit` items immediately preceding that item, still listed in `order`;
    /// - both: items following `after` and preceding `before`.
    ///
    /// `has_more` is true when the next page (`after` = the last item, no `before`) would
    /// return at least one item. A cursor may name an item that `keep` rejects.
    pub(crate) fn page(
        &self,
        query: &PageQuery,
        keep: impl Fn(&T) -> bool,
    ) -> Result<Page<'_, T>, UnknownCursor> {
        let cursor = |param: &'static str, id: Option<&String>| {
            id.map(|id| {
                self.seq_of(id).ok_or_else(|| UnknownCursor {
                    param,
                    id: id.clone(),
                    noun: T::NOUN,
                })
            })
            .transpose()
        };
        let after = cursor("after", query.after.as_ref())?;
        let before = cursor("before", query.before.as_ref())?;
        let order = query.order;
        let page: Vec<(u64, &T)> = match (after, before) {
            (None, Some(before)) => {
                let mut nearest: Vec<_> = self
                    .walk_before(order, before)
                    .filter(|(_, item)| keep(item))
                    .take(query.limit)
                    .collect();
                nearest.reverse();
                nearest
            }
            (after, before) => self
                .walk_after(order, after)
                .take_while(|&(seq, _)| {
                    before.is_none_or(|before| match order {
                        Order::Asc => seq < before,
                        Order::Desc => seq > before,
                    })
                })
                .filter(|(_, item)| keep(item))
                .take(query.limit)
                .collect(),
        };
        let has_more = page.last().is_some_and(|&(last, _)| {
            self.walk_after(order, Some(last))
                .any(|(_, item)| keep(item))
        });
        Ok(Page {
            items: page.into_iter().map(|(_, item)| item).collect(),
            has_more,
        })
    }
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
    use crate::store::collection::tests::items;

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
            let page = items.page(q, |_| true).unwrap();
            let ids: Vec<_> = page.items.iter().map(|item| item.0.clone()).collect();
            (ids.join(","), page.has_more)
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
        assert_eq!(
            (err.param, err.id.as_str(), err.noun),
            ("before", "x", "item")
        );
    }
}
