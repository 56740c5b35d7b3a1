//! The API's routes, one module per group of resources. Each module turns requests into store
//! calls and store objects into responses; none imports another.

pub(crate) mod automations;
pub(crate) mod custom;
pub(crate) mod keys;
pub(crate) mod tasks;
pub(crate) mod webhooks;
