// Generated from tests/inputs/envelope.rs by ittybit-codegen. Do not edit.

use serde::Deserialize;
use serde::de::DeserializeOwned;
// tests/inputs/envelope.rs:4
/// A generic resource named through a renamed runtime dependency (`rt`).
#[derive(Debug, Deserialize)]
#[serde(bound = "")]
pub struct Envelope<M>
where
    M: DeserializeOwned + Send + 'static,
{
    /// Its id.
    pub id: Box<str>,
    /// Caller-defined metadata.
    pub metadata: M,
}
impl<M> ::rt::Resource for Envelope<M>
where
    M: DeserializeOwned + Send + 'static,
    Self: ::rt::__private::serde::de::DeserializeOwned + ::core::marker::Send + 'static,
{
    const PATH: &'static ::core::primitive::str = "/webhooks/envelopes";
    type Filters = ::rt::__private::NoFilters;
    type Id = Box<str>;
    fn id(&self) -> &Self::Id {
        &self.id
    }
}
#[allow(dead_code)]
impl<M> Envelope<M>
where
    M: DeserializeOwned + Send + 'static,
    Self: ::rt::__private::serde::de::DeserializeOwned + ::core::marker::Send + 'static,
{
    /// `GET /webhooks/envelopes/{id}`: the `Envelope` with this id.
    ///
    /// # Errors
    /// An error status (404 for an unknown id), a transport failure or an undecodable body.
    #[doc = ::rt::__private::retry_doc!(GET, "rt::retry::RetryPolicy")]
    pub fn get(
        client: &::rt::Client,
        id: impl ::core::fmt::Display,
    ) -> ::rt::Call<Self> {
        ::rt::ops::get::<Self>(client, &[&id])
    }
    /// `GET /webhooks/envelopes`: one page of `Envelope`s, with the cursor to the next.
    ///
    /// # Errors
    /// Invalid `params`, an error status, a transport failure or an undecodable body.
    #[doc = ::rt::__private::retry_doc!(GET, "rt::retry::RetryPolicy")]
    pub fn list(
        client: &::rt::Client,
        params: &::rt::ListParams<::rt::__private::NoFilters>,
    ) -> ::rt::Call<::rt::Page<Self>> {
        ::rt::ops::list::<Self>(client, &[], params)
    }
    /// `GET /webhooks/envelopes`, page after page: every `Envelope`, fetching ahead as it is
    /// read.
    ///
    /// # Errors
    /// Yields the error that ends the walk (`list`'s, or a pagination fault), then ends.
    pub fn stream(
        client: &::rt::Client,
        params: &::rt::ListParams<::rt::__private::NoFilters>,
    ) -> ::rt::ItemStream<Self> {
        ::rt::ops::stream::<Self>(client, &[], params)
    }
    /// `GET /webhooks/envelopes`, page after page: every page of `Envelope`s.
    ///
    /// # Errors
    /// Yields the error that ends the walk, as `stream` does, then ends.
    pub fn pages(
        client: &::rt::Client,
        params: &::rt::ListParams<::rt::__private::NoFilters>,
    ) -> ::rt::PageStream<Self> {
        ::rt::ops::pages::<Self>(client, &[], params)
    }
}

