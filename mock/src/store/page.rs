//! Pagination: the page a list query selects among a collection's objects.

use crate::model::resource::Resource;
use crate::store::collection::{Collection, Order};

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
mod tests {
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
