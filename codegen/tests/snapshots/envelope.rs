// Generated from tests/inputs/envelope.rs by ittybit-codegen. Do not edit.

use serde::Deserialize;
use serde::de::DeserializeOwned;
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
    type Filters = ::rt::NoFilters;
    fn id(&self) -> &::core::primitive::str {
        ::core::convert::AsRef::<::core::primitive::str>::as_ref(&self.id)
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
    /// An error status (404, `is_not_found`, for an unknown id), a transport failure or a body
    /// that does not decode. Retried on 408, 429, 502, 503, 504 and transport failures.
    pub fn get(client: &::rt::Client, id: &::core::primitive::str) -> ::rt::Call<Self> {
        ::rt::ops::get::<Self>(client, id)
    }
    /// `GET /webhooks/envelopes`: one page of `Envelope`s, with the cursor to the next.
    ///
    /// # Errors
    /// Invalid `params` (checked before sending), an error status, a transport failure or a
    /// body that does not decode. Retried on 408, 429, 502, 503, 504 and transport failures.
    pub fn list(
        client: &::rt::Client,
        params: &::rt::ListParams<::rt::NoFilters>,
    ) -> ::rt::Call<::rt::Page<Self>> {
        ::rt::ops::list::<Self>(client, params)
    }
    /// `GET /webhooks/envelopes`, page after page: every `Envelope`, fetching ahead as it is
    /// read.
    ///
    /// # Errors
    /// Yields the error that ends the walk (one of `list`'s, or a pagination fault such as a
    /// loop), then ends. Each page is retried as `list` is.
    pub fn stream(
        client: &::rt::Client,
        params: &::rt::ListParams<::rt::NoFilters>,
    ) -> ::rt::ItemStream<Self> {
        ::rt::ops::stream::<Self>(client, params)
    }
    /// `GET /webhooks/envelopes`, page after page: every page of `Envelope`s.
    ///
    /// # Errors
    /// Yields the error that ends the walk, as `stream` does, then ends.
    pub fn pages(
        client: &::rt::Client,
        params: &::rt::ListParams<::rt::NoFilters>,
    ) -> ::rt::PageStream<Self> {
        ::rt::ops::pages::<Self>(client, params)
    }
}

