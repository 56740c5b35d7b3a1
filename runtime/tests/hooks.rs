//! Hooks see every attempt and may add headers, never the client's own. Over real HTTP.

mod support;

use std::sync::{Arc, Mutex};

use ittybit_runtime::hook::{AttemptRequest, AttemptResponse, Hook};
use ittybit_runtime::http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use ittybit_runtime::ops;
use support::{Item, Reply, TestServer};

/// Records what it sees as lines, and tags each attempt with a header.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Hook for Recorder {
    fn on_request(&self, request: &mut AttemptRequest<'_>) {
        let tag = format!("attempt-{}", request.attempt());
        request
            .headers_mut()
            .insert("x-attempt", HeaderValue::from_str(&tag).unwrap());
        // Not the hook's to set: dropped.
        request
            .headers_mut()
            .insert(AUTHORIZATION, HeaderValue::from_static("Bearer stolen"));
        self.0.lock().unwrap().push(format!(
            "before {} {} #{}",
            request.method(),
            request.url().path(),
            request.attempt()
        ));
    }

    fn on_response(&self, response: &AttemptResponse<'_>) {
        self.0.lock().unwrap().push(format!(
            "after {} {} #{} {:?} headers={}",
            response.method(),
            response.url().path(),
            response.attempt(),
            response.status().map(|s| s.as_u16()),
            response.headers().is_some(),
        ));
    }
}

#[tokio::test]
async fn a_hook_sees_every_attempt_and_adds_headers() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Reply::json(503, r#"{"kind":"unavailable","message":"Back soon."}"#)
        } else {
            Reply::json(200, r#"{"id":"item_1"}"#)
        }
    });
    let recorder = Recorder::default();
    let client = server.builder().hook(recorder.clone()).build().unwrap();
    let item: Item = ops::get(&client, &[&"item_1"]).await.unwrap();
    assert_eq!(item.id, "item_1");

    assert_eq!(
        *recorder.0.lock().unwrap(),
        [
            "before GET /items/item_1 #1",
            "after GET /items/item_1 #1 Some(503) headers=true",
            "before GET /items/item_1 #2",
            "after GET /items/item_1 #2 Some(200) headers=true",
        ]
    );
    let requests = server.requests();
    assert_eq!(requests[0].header("x-attempt"), Some("attempt-1"));
    assert_eq!(requests[1].header("x-attempt"), Some("attempt-2"));
    for request in &requests {
        let auth: Vec<_> = request
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!(auth, ["Bearer ittybit_test_secret"]);
    }
}

#[tokio::test]
async fn a_hook_sees_transport_failures_without_a_status() {
    let server = TestServer::start(|_| Reply::Hangup);
    let recorder = Recorder::default();
    let client = server
        .builder()
        .retry(ittybit_runtime::retry::RetryPolicy::disabled())
        .hook(recorder.clone())
        .build()
        .unwrap();
    ops::get::<Item>(&client, &[&"item_1"]).await.unwrap_err();
    assert_eq!(
        recorder.0.lock().unwrap().last().map(String::as_str),
        Some("after GET /items/item_1 #1 None headers=false")
    );
}

#[tokio::test]
async fn hooks_run_in_the_order_added() {
    #[derive(Clone)]
    struct Named(&'static str, Arc<Mutex<Vec<&'static str>>>);
    impl Hook for Named {
        fn on_request(&self, _: &mut AttemptRequest<'_>) {
            self.1.lock().unwrap().push(self.0);
        }
    }
    let server = TestServer::start(|_| Reply::json(200, r#"{"id":"item_1"}"#));
    let order = Arc::new(Mutex::new(Vec::new()));
    let client = server
        .builder()
        .hook(Named("first", Arc::clone(&order)))
        .hook(Named("second", Arc::clone(&order)))
        .build()
        .unwrap();
    let _: Item = ops::get(&client, &[&"item_1"]).await.unwrap();
    assert_eq!(*order.lock().unwrap(), ["first", "second"]);
}

#[tokio::test]
async fn a_hook_sees_the_method_the_calls_headers_and_the_time_taken() {
    /// Records each attempt's method, its `x-trace` header, its Debug form and its time.
    #[derive(Clone, Default)]
    struct Seen(Arc<Mutex<Vec<String>>>);
    impl Hook for Seen {
        fn on_request(&self, request: &mut AttemptRequest<'_>) {
            let trace = request.headers().get("x-trace").cloned();
            self.0.lock().unwrap().push(format!(
                "before {} x-trace={trace:?} {request:?}",
                request.method()
            ));
        }
        fn on_response(&self, response: &AttemptResponse<'_>) {
            self.0.lock().unwrap().push(format!(
                "after {} took time: {}",
                response.method(),
                response.elapsed() > std::time::Duration::ZERO
            ));
        }
    }
    let server = TestServer::start(|_| Reply::json(201, r#"{"id":"item_9"}"#));
    let seen = Seen::default();
    let client = server.builder().hook(seen.clone()).build().unwrap();
    let item: Item = ops::create(&client, &[], &serde_json::json!({}))
        .header(
            ittybit_runtime::http::header::HeaderName::from_static("x-trace"),
            HeaderValue::from_static("abc"),
        )
        .await
        .unwrap();
    assert_eq!(item.id, "item_9");
    let url = format!("{}/items", server.url);
    assert_eq!(
        *seen.0.lock().unwrap(),
        [
            format!(
                r#"before POST x-trace=Some("abc") AttemptRequest {{ method: POST, url: "{url}", attempt: 1, .. }}"#
            ),
            "after POST took time: true".to_owned(),
        ]
    );
}

/// Headers that frame a message, its connection or its encoding, with values a hook might try.
const FRAMING: [(&str, &str); 9] = [
    ("te", "trailers"),
    ("upgrade", "h2c"),
    ("trailer", "x-checksum"),
    ("keep-alive", "timeout=5"),
    ("proxy-connection", "keep-alive"),
    ("expect", "100-continue"),
    ("content-encoding", "gzip"),
    ("accept-encoding", "gzip"),
    ("connection", "upgrade"),
];

#[tokio::test]
async fn a_hook_cannot_frame_the_message_its_connection_or_its_encoding() {
    struct Framing;
    impl Hook for Framing {
        fn on_request(&self, request: &mut AttemptRequest<'_>) {
            for (name, value) in FRAMING {
                request.headers_mut().insert(
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                );
            }
        }
    }
    let server = TestServer::start(|_| Reply::json(201, r#"{"id":"item_1"}"#));
    let client = server.builder().hook(Framing).build().unwrap();
    let item: Item = ops::create(&client, &[], &serde_json::json!({"a": 1}))
        .await
        .unwrap();
    assert_eq!(item.id, "item_1");
    let request = &server.requests()[0];
    assert_eq!(request.body, br#"{"a":1}"#);
    for (name, value) in FRAMING {
        assert!(
            request.header(name).is_none_or(|sent| sent != value),
            "{name}: {value} was sent: {:?}",
            request.headers
        );
    }

    // Per call they are refused, and nothing is sent.
    for (name, value) in FRAMING {
        let err = ops::get::<Item>(&server.client(), &[&"item_1"])
            .header(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains(name), "{err}");
    }
    assert_eq!(server.count(), 1);
}
