//! Conformance of the mock to the Ittybit API rules, over real HTTP.

mod advance;
mod automations;
mod common;
mod custom;
mod delivery;
mod errors;
mod events;
mod faults;
mod handle;
mod hardening;
mod keys;
mod pagination;
mod ratecap;
mod recording;
mod runs;
mod tasks;
mod webhooks;
