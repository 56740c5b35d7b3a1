//! Running the server: on its own thread for synchronous code, shutdown, and `serve`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use ittybit_mock::{MockConfig, MockServer, TaskSeed, serve_until};

/// Sends a raw HTTP/1.1 request and returns the whole response text.
fn raw_get(addr: SocketAddr, path: &str, key: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

#[test]
fn a_server_on_its_own_thread_serves_synchronous_callers() {
    let mock = MockServer::start_on_thread(MockConfig::default().api_key("ittybit_sync"));
    assert_eq!(mock.api_key(), "ittybit_sync");
    let ids = mock.seed_tasks(TaskSeed::many(2));
    let response = raw_get(mock.addr(), "/tasks?limit=1", "ittybit_sync").unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.to_ascii_lowercase().contains("has-more: true"),
        "{response}"
    );
    assert!(response.contains(&ids[1]), "{response}");
    let addr = mock.addr();
    drop(mock);
    assert!(
        TcpStream::connect(addr).is_err(),
        "the server is gone after drop"
    );
}

#[tokio::test]
async fn shutdown_waits_for_the_server_to_end() {
    let mock = MockServer::start().await;
    let addr = mock.addr();
    assert_eq!(mock.url(), format!("http://{addr}"));
    mock.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn serve_until_runs_until_the_signal_and_returns_the_stats() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = MockConfig::default().seed_tasks(TaskSeed::many(3));
    let server = tokio::spawn(serve_until(listener, config, async move {
        let _ = stopped.await;
    }));
    let response = tokio::task::spawn_blocking(move || raw_get(addr, "/tasks", "ittybit_mock_key"))
        .await
        .unwrap()
        .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert_eq!(response.matches("\"object\":\"task\"").count(), 3);
    stop.send(()).unwrap();
    let stats = server.await.unwrap().unwrap();
    assert_eq!(stats.requests, 1);
}
