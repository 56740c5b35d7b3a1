// Generated from tests/inputs/widget.rs by ittybit-codegen. Do not edit.

use serde::Deserialize;
/// A widget: the default operations only (get, list, stream, pages).
#[derive(Debug, Clone, Deserialize)]
pub struct Widget {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}
impl ::ittybit::Resource for Widget {
    const PATH: &'static ::core::primitive::str = "/widgets";
    type Filters = ::ittybit::NoFilters;
    fn id(&self) -> &::core::primitive::str {
        ::core::convert::AsRef::<::core::primitive::str>::as_ref(&self.id)
    }
}
#[allow(dead_code)]
impl Widget {
    /// `GET /widgets/{id}`: the `Widget` with this id.
    ///
    /// # Errors
    /// An error status (404, `is_not_found`, for an unknown id), a transport failure or a body
    /// that does not decode. Retried on 408, 429, 502, 503, 504 and transport failures.
    pub fn get(
        client: &::ittybit::Client,
        id: &::core::primitive::str,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::get::<Self>(client, id)
    }
    /// `GET /widgets`: one page of `Widget`s, with the cursor to the next.
    ///
    /// # Errors
    /// Invalid `params` (checked before sending), an error status, a transport failure or a
    /// body that does not decode. Retried on 408, 429, 502, 503, 504 and transport failures.
    pub fn list(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<::ittybit::NoFilters>,
    ) -> ::ittybit::Call<::ittybit::Page<Self>> {
        ::ittybit::ops::list::<Self>(client, params)
    }
    /// `GET /widgets`, page after page: every `Widget`, fetching ahead as it is read.
    ///
    /// # Errors
    /// Yields the error that ends the walk (one of `list`'s, or a pagination fault such as a
    /// loop), then ends. Each page is retried as `list` is.
    pub fn stream(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<::ittybit::NoFilters>,
    ) -> ::ittybit::ItemStream<Self> {
        ::ittybit::ops::stream::<Self>(client, params)
    }
    /// `GET /widgets`, page after page: every page of `Widget`s.
    ///
    /// # Errors
    /// Yields the error that ends the walk, as `stream` does, then ends.
    pub fn pages(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<::ittybit::NoFilters>,
    ) -> ::ittybit::PageStream<Self> {
        ::ittybit::ops::pages::<Self>(client, params)
    }
}

