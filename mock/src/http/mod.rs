//! The HTTP plumbing every route shares: errors, responses, extractors, body validation, list
//! queries and responses, authentication, fault responses and the front door middleware.

pub(crate) mod frontdoor;
pub(crate) mod handlers;
pub(crate) mod list;
pub(crate) mod request;
pub(crate) mod respond;
