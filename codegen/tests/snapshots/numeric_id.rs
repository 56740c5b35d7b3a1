// Generated from tests/inputs/numeric_id.rs by ittybit-codegen. Do not edit.

use serde::Deserialize;
// tests/inputs/numeric_id.rs:3
/// A counter, numbered rather than named.
#[derive(Debug, Deserialize)]
pub struct Counter {
    /// The counter's number.
    pub id: u64,
    /// Its value.
    pub value: i64,
}
impl ::ittybit::Resource for Counter {
    const PATH: &'static ::core::primitive::str = "/counters";
    type Filters = ::ittybit::__private::NoFilters;
    type Id = u64;
    fn id(&self) -> &Self::Id {
        &self.id
    }
}
#[allow(dead_code)]
impl Counter {
    /// `GET /counters/{id}`: the `Counter` with this id.
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
    /// `DELETE /counters/{id}`: deletes the `Counter` with this id (any 2xx answer is success).
    ///
    /// # Errors
    /// An error status (404 for an unknown id) or a transport failure.
    #[doc = ::ittybit::__private::retry_doc!(DELETE, "ittybit::retry::RetryPolicy")]
    pub fn delete(
        client: &::ittybit::Client,
        id: impl ::core::fmt::Display,
    ) -> ::ittybit::Call<()> {
        ::ittybit::ops::delete::<Self>(client, &[&id])
    }
}

