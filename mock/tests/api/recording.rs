//! The request log: raw paths, statuses and counts.

use ittybit_mock::{Fault, FaultSchedule, MockConfig};
use reqwest::Method;

use crate::common::{Api, expect};

#[tokio::test]
async fn encoded_slashes_stay_in_one_segment_and_are_recorded_raw() {
    let api = Api::start().await;
    let reply = api.get("/tasks/..%2Fkeys").await;
    expect(&reply, 404);
    assert_eq!(reply.kind(), "task_not_found");
    assert!(reply.message().contains("../keys"));
    let listed = api.get("/tasks?kind=a%20b&status=x+y").await;
    expect(&listed, 200);
    let requests = api.mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path_and_query, "/tasks/..%2Fkeys");
    assert_eq!(requests[0].status, 404);
    assert_eq!(requests[1].path_and_query, "/tasks?kind=a%20b&status=x+y");
    assert_eq!(requests[1].status, 200);
}

#[tokio::test]
async fn every_request_is_counted_and_recorded() {
    let api =
        Api::with(MockConfig::default().fault(FaultSchedule::every(3), Fault::Unavailable)).await;
    api.send(api.anonymous(Method::GET, "/tasks")).await;
    api.get("/nowhere").await;
    api.get("/tasks").await;
    api.send(api.request(Method::DELETE, "/tasks")).await;
    assert_eq!(api.mock.stats().requests, 4);
    let statuses: Vec<_> = api
        .mock
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.status))
        .collect();
    let expected = [("GET", 401), ("GET", 404), ("GET", 503), ("DELETE", 405)];
    assert_eq!(statuses, expected.map(|(m, s)| (m.to_owned(), s)));
}
