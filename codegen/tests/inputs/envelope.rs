use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A generic resource named through a renamed runtime dependency (`rt`).
#[resource(path = "/webhooks/envelopes", crate = ::rt)]
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
