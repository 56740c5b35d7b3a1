//! Shared helpers for the end-to-end tests: a mock server and a client for it.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use ittybit::retry::RetryPolicy;
use ittybit::{Client, ClientBuilder};
use ittybit_mock::{MockConfig, MockServer};

/// A client builder for `mock`, with quick retries so fault tests stay fast.
pub fn builder(mock: &MockServer) -> ClientBuilder {
    Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.url())
        .retry(
            RetryPolicy::default()
                .max_retries(5)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(10)),
        )
}

/// A client for `mock`.
pub fn client(mock: &MockServer) -> Client {
    builder(mock).build().expect("client for the mock")
}

/// A mock with `config` and a client for it.
pub async fn start(config: MockConfig) -> (MockServer, Client) {
    let mock = MockServer::start_with(config).await;
    let client = client(&mock);
    (mock, client)
}
