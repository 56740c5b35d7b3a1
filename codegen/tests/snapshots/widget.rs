// Generated from tests/inputs/widget.rs by ittybit-codegen. Do not edit.

use serde::Deserialize;
// tests/inputs/widget.rs:3
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
    type Filters = ::ittybit::__private::NoFilters;
    type Id = String;
    fn id(&self) -> &Self::Id {
        &self.id
    }
}
#[allow(dead_code)]
impl Widget {
    /// `GET /widgets/{id}`: the `Widget` with this id.
    ///
    /// # Errors
    /// An error status (404 for an unknown id), a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(GET, "ittybit::retry::RetryPolicy")]
    pub fn get(
        client: &::ittybit::Client,
        id: impl ::core::fmt::Display,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::get::<Self>(client, &[&id])
    }
    /// `GET /widgets`: one page of `Widget`s, with the cursor to the next.
    ///
    /// # Errors
    /// Invalid `params`, an error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(GET, "ittybit::retry::RetryPolicy")]
    pub fn list(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
    ) -> ::ittybit::Call<::ittybit::Page<Self>> {
        ::ittybit::ops::list::<Self>(client, &[], params)
    }
    /// `GET /widgets`, page after page: every `Widget`, fetching ahead as it is read.
    ///
    /// # Errors
    /// Yields the error that ends the walk (`list`'s, or a pagination fault), then ends.
    pub fn stream(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
    ) -> ::ittybit::ItemStream<Self> {
        ::ittybit::ops::stream::<Self>(client, &[], params)
    }
    /// `GET /widgets`, page after page: every page of `Widget`s.
    ///
    /// # Errors
    /// Yields the error that ends the walk, as `stream` does, then ends.
    pub fn pages(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
    ) -> ::ittybit::PageStream<Self> {
        ::ittybit::ops::pages::<Self>(client, &[], params)
    }
}

