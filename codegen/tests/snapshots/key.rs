// Generated from tests/inputs/key.rs by ittybit-codegen. Do not edit.

// tests/inputs/key.rs:1
/// API keys live in a module; the resource is crate-visible, has no `get`, and its id is
/// the `key_id` field. The attribute is written with its full path.
pub mod keys {
    use serde::{Deserialize, Serialize};
    /// An API key.
    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(crate) struct Key {
        /// Its id.
        pub(crate) key_id: String,
        /// A label.
        pub(crate) display_name: String,
    }
    impl ::ittybit::Resource for Key {
        const PATH: &'static ::core::primitive::str = "/keys";
        type Filters = ::ittybit::__private::NoFilters;
        type Id = String;
        fn id(&self) -> &Self::Id {
            &self.key_id
        }
    }
    #[allow(dead_code)]
    impl Key {
        /// `GET /keys`: one page of `Key`s, with the cursor to the next.
        ///
        /// # Errors
        /// Invalid `params`, an error status, a transport failure or an undecodable body.
        #[doc = ::ittybit::__private::retry_doc!(GET, "ittybit::retry::RetryPolicy")]
        pub(crate) fn list(
            client: &::ittybit::Client,
            params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
        ) -> ::ittybit::Call<::ittybit::Page<Self>> {
            ::ittybit::ops::list::<Self>(client, &[], params)
        }
        /// `GET /keys`, page after page: every `Key`, fetching ahead as it is read.
        ///
        /// # Errors
        /// Yields the error that ends the walk (`list`'s, or a pagination fault), then ends.
        pub(crate) fn stream(
            client: &::ittybit::Client,
            params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
        ) -> ::ittybit::ItemStream<Self> {
            ::ittybit::ops::stream::<Self>(client, &[], params)
        }
        /// `GET /keys`, page after page: every page of `Key`s.
        ///
        /// # Errors
        /// Yields the error that ends the walk, as `stream` does, then ends.
        pub(crate) fn pages(
            client: &::ittybit::Client,
            params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
        ) -> ::ittybit::PageStream<Self> {
            ::ittybit::ops::pages::<Self>(client, &[], params)
        }
        /// `POST /keys` with a JSON `NewKey` body: the created `Key`.
        ///
        /// # Errors
        /// An error status (400 for an invalid body), a transport failure or an undecodable body.
        #[doc = ::ittybit::__private::retry_doc!(POST, "ittybit::retry::RetryPolicy")]
        pub(crate) fn create(
            client: &::ittybit::Client,
            body: &NewKey,
        ) -> ::ittybit::Call<Self> {
            ::ittybit::ops::create::<Self, NewKey>(client, &[], body)
        }
        /// `DELETE /keys/{id}`: deletes the `Key` with this id (any 2xx answer is success).
        ///
        /// # Errors
        /// An error status (404 for an unknown id) or a transport failure.
        #[doc = ::ittybit::__private::retry_doc!(DELETE, "ittybit::retry::RetryPolicy")]
        pub(crate) fn delete(
            client: &::ittybit::Client,
            id: impl ::core::fmt::Display,
        ) -> ::ittybit::Call<()> {
            ::ittybit::ops::delete::<Self>(client, &[&id])
        }
    }
    /// The body of `POST /keys`.
    #[derive(Debug, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub(crate) struct NewKey {
        /// A label.
        pub(crate) display_name: String,
    }
}

