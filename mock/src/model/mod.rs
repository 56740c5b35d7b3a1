//! The API's objects as plain data, and the rules by which their statuses move. Nothing here
//! knows about HTTP or storage: the store applies these rules, the routes serialize the objects.

pub(crate) mod automation;
pub(crate) mod custom;
pub(crate) mod event;
pub(crate) mod key;
pub(crate) mod lifecycle;
pub(crate) mod media;
pub(crate) mod resource;
pub(crate) mod run;
pub(crate) mod status;
pub(crate) mod task;
pub(crate) mod webhook;
