// Generated from tests/inputs/nested.rs by ittybit-codegen. Do not edit.

use serde::{Deserialize, Serialize};
// tests/inputs/nested.rs:3
/// A run of an automation: a collection nested under its automation.
#[derive(Debug, Deserialize)]
pub struct AutomationRun {
    /// The run's id.
    pub id: String,
    /// Its status.
    pub status: String,
}
impl ::ittybit::Resource for AutomationRun {
    const PATH: &'static ::core::primitive::str = "/automations/{automation_id}/runs";
    type Filters = ::ittybit::__private::NoFilters;
    type Id = String;
    fn id(&self) -> &Self::Id {
        &self.id
    }
}
#[allow(dead_code)]
impl AutomationRun {
    /// `GET /automations/{automation_id}/runs/{id}`: the `AutomationRun` with this id.
    ///
    /// # Errors
    /// An error status (404 for an unknown id), a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(GET, "ittybit::retry::RetryPolicy")]
    pub fn get(
        client: &::ittybit::Client,
        automation_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::get::<Self>(client, &[&automation_id, &id])
    }
    /// `GET /automations/{automation_id}/runs`: one page of `AutomationRun`s, with the cursor
    /// to the next.
    ///
    /// # Errors
    /// Invalid `params`, an error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(GET, "ittybit::retry::RetryPolicy")]
    pub fn list(
        client: &::ittybit::Client,
        automation_id: impl ::core::fmt::Display,
        params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
    ) -> ::ittybit::Call<::ittybit::Page<Self>> {
        ::ittybit::ops::list::<Self>(client, &[&automation_id], params)
    }
    /// `GET /automations/{automation_id}/runs`, page after page: every `AutomationRun`,
    /// fetching ahead as it is read.
    ///
    /// # Errors
    /// Yields the error that ends the walk (`list`'s, or a pagination fault), then ends.
    pub fn stream(
        client: &::ittybit::Client,
        automation_id: impl ::core::fmt::Display,
        params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
    ) -> ::ittybit::ItemStream<Self> {
        ::ittybit::ops::stream::<Self>(client, &[&automation_id], params)
    }
    /// `GET /automations/{automation_id}/runs`, page after page: every page of
    /// `AutomationRun`s.
    ///
    /// # Errors
    /// Yields the error that ends the walk, as `stream` does, then ends.
    pub fn pages(
        client: &::ittybit::Client,
        automation_id: impl ::core::fmt::Display,
        params: &::ittybit::ListParams<::ittybit::__private::NoFilters>,
    ) -> ::ittybit::PageStream<Self> {
        ::ittybit::ops::pages::<Self>(client, &[&automation_id], params)
    }
    /// `POST /automations/{automation_id}/runs` with a JSON `NewAutomationRun` body: the
    /// created `AutomationRun`.
    ///
    /// # Errors
    /// An error status (400 for an invalid body), a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(POST, "ittybit::retry::RetryPolicy")]
    pub fn create(
        client: &::ittybit::Client,
        automation_id: impl ::core::fmt::Display,
        body: &NewAutomationRun,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::create::<Self, NewAutomationRun>(client, &[&automation_id], body)
    }
    /// `DELETE /automations/{automation_id}/runs/{id}`: deletes the `AutomationRun` with this
    /// id (any 2xx answer is success).
    ///
    /// # Errors
    /// An error status (404 for an unknown id) or a transport failure.
    #[doc = ::ittybit::__private::retry_doc!(DELETE, "ittybit::retry::RetryPolicy")]
    pub fn delete(
        client: &::ittybit::Client,
        automation_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
    ) -> ::ittybit::Call<()> {
        ::ittybit::ops::delete::<Self>(client, &[&automation_id, &id])
    }
    /// `POST /automations/{automation_id}/runs/{id}/cancel`, answered with `AutomationRun`.
    ///
    /// # Errors
    /// An error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(POST, "ittybit::retry::RetryPolicy")]
    pub fn cancel(
        client: &::ittybit::Client,
        automation_id: impl ::core::fmt::Display,
        id: impl ::core::fmt::Display,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::action::<
            Self,
            Self,
        >(
            client,
            ::ittybit::__private::Method::POST,
            "/{id}/cancel",
            &[&automation_id, &id],
            ::ittybit::ops::NO_BODY,
        )
    }
}
// tests/inputs/nested.rs:18
/// The body of `POST /automations/{automation_id}/runs`.
#[derive(Debug, Serialize)]
pub struct NewAutomationRun {
    /// Input for the run.
    pub input: String,
}

