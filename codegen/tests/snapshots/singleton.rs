// Generated from tests/inputs/singleton.rs by ittybit-codegen. Do not edit.

use serde::{Deserialize, Serialize};
// tests/inputs/singleton.rs:3
/// The account of the key in use: a singleton, with no id and no list.
#[derive(Debug, Deserialize)]
pub struct Account {
    /// The account's name.
    pub name: String,
}
#[allow(dead_code)]
impl Account {
    /// `GET /account`: the `Account`.
    ///
    /// # Errors
    /// An error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(GET, "ittybit::retry::RetryPolicy")]
    pub fn get(client: &::ittybit::Client) -> ::ittybit::Call<Self> {
        ::ittybit::ops::singleton(
            client,
            ::ittybit::__private::Method::GET,
            "/account",
            &[],
            ::ittybit::ops::NO_BODY,
        )
    }
    /// `PATCH /account` with a JSON `AccountUpdate` body: the updated `Account`.
    ///
    /// # Errors
    /// An error status (400 for an invalid body), a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(PATCH, "ittybit::retry::RetryPolicy")]
    pub fn update(
        client: &::ittybit::Client,
        body: &AccountUpdate,
    ) -> ::ittybit::Call<Self> {
        ::ittybit::ops::singleton(
            client,
            ::ittybit::__private::Method::PATCH,
            "/account",
            &[],
            ::core::option::Option::Some(body),
        )
    }
    /// `POST /account/rotate`, answered with `String`.
    ///
    /// # Errors
    /// An error status, a transport failure or an undecodable body.
    #[doc = ::ittybit::__private::retry_doc!(POST, "ittybit::retry::RetryPolicy")]
    pub fn rotate_key(client: &::ittybit::Client) -> ::ittybit::Call<String> {
        ::ittybit::ops::singleton(
            client,
            ::ittybit::__private::Method::POST,
            "/account/rotate",
            &[],
            ::ittybit::ops::NO_BODY,
        )
    }
}
// tests/inputs/singleton.rs:16
/// The body of `PATCH /account`.
#[derive(Debug, Serialize)]
pub struct AccountUpdate {
    /// The new name.
    pub name: String,
}

