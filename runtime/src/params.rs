//! List parameters: the API's cursor parameters plus a resource's typed filters.

use std::fmt;

use serde::Serialize;
use url::Url;

use crate::error::{Error, Result};
use crate::resource::NoFilters;

/// Sort order of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Order {
    /// Oldest first.
    Asc,
    /// Newest first (the API's default).
    #[default]
    Desc,
}

impl Order {
    /// The query value, `asc` or `desc`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parameters of a list request: `limit`, `after`, `before`, `order`, and typed filters `F`.
/// Unset ones are not sent, so the API's defaults apply (`limit` 20, `order` desc).
///
/// ```
/// use ittybit_runtime::{ListParams, Order};
///
/// let params: ListParams = ListParams::new().limit(100).order(Order::Asc).after("task_123");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListParams<F = NoFilters> {
    limit: Option<u32>,
    after: Option<String>,
    before: Option<String>,
    order: Option<Order>,
    filters: F,
}

impl ListParams {
    /// The largest `limit` the API accepts.
    pub const MAX_LIMIT: u32 = 100;

    /// No parameters and no filters, for untyped calls, where [`ListParams::new`] would leave
    /// the filter type to be spelled out.
    ///
    /// ```
    /// use ittybit_runtime::__private::NoFilters;
    /// use ittybit_runtime::ListParams;
    ///
    /// let params = ListParams::unfiltered().limit(100);
    /// assert_eq!(params, ListParams::<NoFilters>::new().limit(100));
    /// ```
    #[must_use]
    pub fn unfiltered() -> Self {
        Self::new()
    }
}

impl<F: Default> ListParams<F> {
    /// No parameters: the API's defaults. `F`, the resource's filters, is inferred in typed calls
    /// (`Task::list(&client, &ListParams::new())`); untyped ones take [`ListParams::unfiltered`].
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

impl<F> ListParams<F> {
    crate::client::setters! {
        /// Items per page, 1–100 (checked before sending).
        limit(limit: u32) => limit = Some(limit);
        /// Start after the item with this id.
        after(id: impl Into<String>) => after = Some(id.into());
        /// Return the items before the item with this id.
        before(id: impl Into<String>) => before = Some(id.into());
        /// Sort order.
        order(order: Order) => order = Some(order);
        /// The resource's typed filters.
        filters(filters: F) => filters = filters;
    }
}

impl<F: Serialize> ListParams<F> {
    /// Writes the parameters into `url`'s query, after checking them.
    pub(crate) fn apply(&self, url: &mut Url) -> Result<()> {
        if let Some(limit) = self.limit
            && !(1..=ListParams::MAX_LIMIT).contains(&limit)
        {
            return Err(Error::invalid(format!(
                "limit must be between 1 and {}, got {limit}",
                ListParams::MAX_LIMIT
            )));
        }
        let filters = self.filters_query()?;
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(limit) = self.limit {
            query.append_pair("limit", &limit.to_string());
        }
        if let Some(after) = &self.after {
            query.append_pair("after", after);
        }
        if let Some(before) = &self.before {
            query.append_pair("before", before);
        }
        if let Some(order) = self.order {
            query.append_pair("order", order.as_str());
        }
        let parts = [query.finish(), filters];
        let query = parts.iter().filter(|part| !part.is_empty());
        let query = query.map(String::as_str).collect::<Vec<_>>().join("&");
        url.set_query((!query.is_empty()).then_some(query.as_str()));
        Ok(())
    }

    /// The filters as a query string, checked to be flat fields that repeat no list parameter.
    fn filters_query(&self) -> Result<String> {
        let query = serde_urlencoded::to_string(&self.filters).map_err(|error| {
            let field = nested_field(&self.filters);
            let which = field.map_or_else(String::new, |name| format!(" (field `{name}`)"));
            Error::invalid(format!(
                "list filters must be flat fields of text, numbers or booleans{which}: {error}"
            ))
        })?;
        let clash = url::form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| RESERVED_PARAMETERS.contains(&name.as_ref()));
        if let Some((name, _)) = clash {
            return Err(Error::invalid(format!(
                "the filter field `{name}` clashes with the list parameter of that name; set it \
                 with ListParams::{name} instead, or rename the field"
            )));
        }
        Ok(query)
    }
}

/// The API's own list parameters, which a filter field may not repeat.
const RESERVED_PARAMETERS: [&str; 4] = ["limit", "after", "before", "order"];

/// The first field of `filters` whose value is not flat, to name it in an error.
fn nested_field<F: Serialize>(filters: &F) -> Option<String> {
    match serde_json::to_value(filters).ok()? {
        serde_json::Value::Object(fields) => fields
            .into_iter()
            .find(|(_, value)| value.is_object() || value.is_array())
            .map(|(name, _)| name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Default, Serialize)]
    struct Filters {
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<&'static str>,
    }

    fn query<F: Serialize>(params: &ListParams<F>) -> Result<Option<String>> {
        let mut url = Url::parse("https://api.ittybit.com/tasks").unwrap();
        params.apply(&mut url)?;
        Ok(url.query().map(str::to_owned))
    }

    #[test]
    fn parameters_become_the_query() {
        let none: ListParams = ListParams::new();
        assert_eq!(query(&none).unwrap(), None);
        let all = ListParams::new()
            .limit(100)
            .after("task_a&b=c")
            .before("task_z")
            .order(Order::Asc)
            .filters(Filters {
                status: Some("failed"),
                kind: None,
            });
        assert_eq!(
            query(&all).unwrap().as_deref(),
            Some("limit=100&after=task_a%26b%3Dc&before=task_z&order=asc&status=failed")
        );
        let only_filters = ListParams::<Filters>::new().filters(Filters {
            status: None,
            kind: Some("video"),
        });
        assert_eq!(query(&only_filters).unwrap().as_deref(), Some("kind=video"));

        // The setters set what they name.
        assert_eq!(
            (none.limit, none.after.as_deref(), none.before.as_deref()),
            (None, None, None)
        );
        assert_eq!(none.order, None);
        assert_eq!(
            (all.limit, all.after.as_deref(), all.before.as_deref()),
            (Some(100), Some("task_a&b=c"), Some("task_z"))
        );
        assert_eq!(all.order, Some(Order::Asc));
        assert_eq!(all.filters.status, Some("failed"));
        assert_eq!(
            ListParams::<NoFilters>::new().order(Order::Desc).order,
            Some(Order::Desc)
        );
        assert_eq!(
            (Order::Asc.to_string(), Order::Desc.to_string()),
            ("asc".into(), "desc".into())
        );
    }

    #[test]
    fn limit_is_checked_before_sending() {
        for (limit, ok) in [(0, false), (1, true), (100, true), (101, false)] {
            let result = query(&ListParams::<NoFilters>::new().limit(limit));
            assert_eq!(result.is_ok(), ok, "{limit}");
            if let Err(err) = result {
                assert!(err.to_string().contains(&format!("got {limit}")), "{err}");
            }
        }
    }

    #[test]
    fn nested_filters_are_a_clear_error() {
        #[derive(Clone, Default, Serialize)]
        struct Nested {
            inner: Vec<u8>,
        }
        let err =
            query(&ListParams::<Nested>::new().filters(Nested { inner: vec![1] })).unwrap_err();
        assert!(err.to_string().contains("list filters"), "{err}");
        assert!(err.to_string().contains("(field `inner`)"), "{err}");
    }

    #[test]
    fn filters_cannot_repeat_the_pagination_parameters() {
        #[derive(Clone, Default, Serialize)]
        struct Clashing {
            status: &'static str,
            #[serde(rename = "after")]
            since: &'static str,
        }
        let err = query(&ListParams::<Clashing>::new().filters(Clashing {
            status: "failed",
            since: "task_1",
        }))
        .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(err.to_string().contains("filter field `after`"), "{err}");
        for name in RESERVED_PARAMETERS {
            let mut map = std::collections::BTreeMap::new();
            map.insert(name, "x");
            let err = query(&ListParams::new().filters(map)).unwrap_err();
            assert!(err.to_string().contains(&format!("`{name}`")), "{err}");
        }
    }
}
