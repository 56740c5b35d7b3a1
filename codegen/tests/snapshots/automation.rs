// Generated from tests/inputs/automation.rs by ittybit-codegen. Do not edit.

use serde::{Deserialize, Serialize};
// tests/inputs/automation.rs:3
/// An automation: every operation, typed filters and actions.
#[derive(Debug, Clone, Deserialize)]
pub struct Automation {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `active` or `paused`.
    pub status: String,
}
impl ::ittybit::Resource for Automation {
    const PATH: &'static ::core::primitive::str = "/automations";
    type Filters = AutomationFilters;
    type Id = String;
    fn id(&self) -> &Self::Id {
        &self.id
    }
}
#[allow(dead_code)]
impl Automation {
    /// `GET /automations/{id}`: the `Automation` with this id.
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
    /// `GET /automations`: one page of `Automation`s, with the cursor to the next.
    ///
    /// # Errors
    /// Invalid `params`, an error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(GET, "ittybit::retry::RetryPolicy")]
    pub fn list(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<AutomationFilters>,
    ) -> ::ittybit::Call<::ittybit::Page<Self>> {
        ::ittybit::ops::list::<Self>(client, &[], params)
    }
    /// `GET /automations`, page after page: every `Automation`, fetching ahead as it is read.
    ///
    /// # Errors
    /// Yields the error that ends the walk (`list`'s, or a pagination fault), then ends.
    pub fn stream(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<AutomationFilters>,
    ) -> ::ittybit::ItemStream<Self> {
        ::ittybit::ops::stream::<Self>(client, &[], params)
    }
    /// `GET /automations`, page after page: every page of `Automation`s.
    ///
    /// # Errors
    /// Yields the error that ends the walk, as `stream` does, then ends.
    pub fn pages(
        client: &::ittybit::Client,
        params: &::ittybit::ListParams<AutomationFilters>,
    ) -> ::ittybit::PageStream<Self> {
        ::ittybit::ops::pages::<Self>(client, &[], params)
    }
    /// `POST /automations` with a JSON `NewAutomation` body: the created `Automation`.
    ///
    /// # Errors
    /// An error status (400 for an invalid body), a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(POST, "ittybit::retry::RetryPolicy")]
    pub fn create(
        client: &::ittybit::Client,
        body: &NewAutomation,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::create::<Self, NewAutomation>(client, &[], body)
    }
    /// `PATCH /automations/{id}` with a JSON `AutomationUpdate` body: the updated `Automation`.
    ///
    /// # Errors
    /// An error status (404 for an unknown id, 400 for an invalid body), a transport failure or
    /// an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(PATCH, "ittybit::retry::RetryPolicy")]
    pub fn update(
        client: &::ittybit::Client,
        id: impl ::core::fmt::Display,
        body: &AutomationUpdate,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::update::<Self, AutomationUpdate>(client, &[&id], body)
    }
    /// `DELETE /automations/{id}`: deletes the `Automation` with this id (any 2xx answer is
    /// success).
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
    /// Starts a run of the automation.
    ///
    /// `POST /automations/{id}/run` with a JSON `RunInput` body, answered with `Run`.
    ///
    /// # Errors
    /// An error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(POST, "ittybit::retry::RetryPolicy")]
    pub fn run(
        client: &::ittybit::Client,
        id: impl ::core::fmt::Display,
        body: &RunInput,
    ) -> ::ittybit::Call<Run> {
        ::ittybit::ops::action::<
            Self,
            Run,
        >(
            client,
            ::ittybit::__private::Method::POST,
            "/{id}/run",
            &[&id],
            ::core::option::Option::Some(body),
        )
    }
    /// `POST /automations/{id}/pause`, answered with `Automation`.
    ///
    /// # Errors
    /// An error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(POST, "ittybit::retry::RetryPolicy")]
    pub fn pause(
        client: &::ittybit::Client,
        id: impl ::core::fmt::Display,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::action::<
            Self,
            Self,
        >(
            client,
            ::ittybit::__private::Method::POST,
            "/{id}/pause",
            &[&id],
            ::ittybit::ops::NO_BODY,
        )
    }
    /// `GET /automations/search`, answered with `Vec<Automation>`.
    ///
    /// # Errors
    /// An error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(GET, "ittybit::retry::RetryPolicy")]
    pub fn search(client: &::ittybit::Client) -> ::ittybit::Call<Vec<Automation>> {
        ::ittybit::ops::action::<
            Self,
            Vec<Automation>,
        >(
            client,
            ::ittybit::__private::Method::GET,
            "/search",
            &[],
            ::ittybit::ops::NO_BODY,
        )
    }
}
// tests/inputs/automation.rs:31
/// Filters of the automation list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AutomationFilters {
    /// Only automations in this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}
// tests/inputs/automation.rs:39
/// The body of `POST /automations`.
#[derive(Debug, Serialize)]
pub struct NewAutomation {
    /// Its name.
    pub name: String,
}
// tests/inputs/automation.rs:46
/// The body of `PATCH /automations/{id}`.
#[derive(Debug, Default, Serialize)]
pub struct AutomationUpdate {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}
// tests/inputs/automation.rs:54
/// The body of `POST /automations/{id}/run`.
#[derive(Debug, Serialize)]
pub struct RunInput {
    /// The file to run on.
    pub url: String,
}
// tests/inputs/automation.rs:61
/// A run of an automation.
#[derive(Debug, Clone, Deserialize)]
pub struct Run {
    /// Its id.
    pub id: String,
}

