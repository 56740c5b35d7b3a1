//! A tiny HTTP/1.1 server on 127.0.0.1 for runtime tests, with full control over the bytes it
//! answers (including answers cut off mid-body). It runs on its own thread with its own
//! runtime, so tests may pause their own clock, or have no runtime at all.

#![allow(dead_code, unreachable_pub)]

use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ittybit_runtime::Client;
use ittybit_runtime::retry::RetryPolicy;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub index: usize,
    pub method: String,
    /// The request target exactly as sent: still percent-encoded, with the query.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of a query parameter (not decoded).
    pub fn query(&self, name: &str) -> Option<&str> {
        let (_, query) = self.target.split_once('?')?;
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}

/// What the server answers.
pub enum Reply {
    /// A complete response.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Headers announcing `declared` body bytes, then only `sent`, then the connection closes.
    CutMidBody { declared: usize, sent: Vec<u8> },
    /// The connection closes after the request was read, with no answer at all.
    Hangup,
    /// Headers announcing a `Content-Length` of `declared` bytes, then silence until the client
    /// goes away (or the server stops).
    Declared { status: u16, declared: u64 },
    /// A chunked body of `status` that never ends: 64 KiB chunks until the client goes away
    /// (or 4 GiB, so that the server stops by itself).
    Endless { status: u16 },
    /// No answer at all: the connection stays open until the server stops.
    Silence,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Self::Full {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Self::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    pub fn status(status: u16, content_type: &str, body: &str) -> Self {
        Self::Full {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A running test server; it stops when dropped.
pub struct TestServer {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl TestServer {
    pub fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let handler: Arc<Handler> = Arc::new(handler);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let recorded = Arc::clone(&requests);
        let stop = serve_on_thread(listener, move |stream| {
            tokio::spawn(serve_connection(
                stream,
                Arc::clone(&handler),
                Arc::clone(&recorded),
            ));
        });
        Self {
            url,
            requests,
            _stop: stop,
        }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// A client for this server: no timeout per attempt or per call (so a paused clock cannot
    /// fire them) and immediate retries unless a test says otherwise.
    pub fn client(&self) -> Client {
        self.builder().build().unwrap()
    }

    pub fn builder(&self) -> ittybit_runtime::ClientBuilder {
        Client::builder()
            .api_key("ittybit_test_secret")
            .base_url(&self.url)
            .no_timeout()
            .no_call_timeout()
            .retry(
                RetryPolicy::default()
                    .initial_backoff(Duration::from_millis(1))
                    .max_backoff(Duration::from_millis(5)),
            )
    }
}

/// Accepts connections on `listener` on a thread of its own with its own runtime, handing each
/// to `accept` (inside that runtime), until the returned sender is dropped.
fn serve_on_thread(
    listener: std::net::TcpListener,
    accept: impl Fn(TcpStream) + Send + 'static,
) -> tokio::sync::oneshot::Sender<()> {
    let (stop, stopped) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            let serve = async {
                loop {
                    if let Ok((stream, _)) = listener.accept().await {
                        accept(stream);
                    }
                }
            };
            tokio::select! {
                () = serve => {},
                _ = stopped => {},
            }
        });
    });
    stop
}

async fn serve_connection(
    mut stream: TcpStream,
    handler: Arc<Handler>,
    recorded: Arc<Mutex<Vec<Recorded>>>,
) {
    let Some(request) = read_request(&mut stream, &recorded).await else {
        return;
    };
    let reply = handler(&request);
    let _ = write_reply(&mut stream, reply).await;
}

async fn read_request(stream: &mut TcpStream, recorded: &Mutex<Vec<Recorded>>) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let mut recorded = recorded.lock().unwrap();
    let request = Recorded {
        index: recorded.len(),
        method,
        target,
        headers,
        body,
    };
    recorded.push(request.clone());
    Some(request)
}

async fn write_reply(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} X\r\nconnection: close\r\n");
            for (name, value) in headers {
                write!(head, "{name}: {value}\r\n").unwrap();
            }
            write!(head, "content-length: {}\r\n\r\n", body.len()).unwrap();
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Reply::CutMidBody { declared, sent } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&sent).await?;
        }
        Reply::Hangup => {}
        Reply::Declared { status, declared } => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(b"[").await?;
            // Until the client closes: a read then returns 0 or fails.
            let _ = stream.read(&mut [0u8; 1]).await;
        }
        Reply::Endless { status } => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b' '; 64 * 1024];
            let framed = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk,
                b"\r\n".to_vec(),
            ]
            .concat();
            for _ in 0..(64 * 1024) {
                stream.write_all(&framed).await?;
            }
        }
        Reply::Silence => {
            std::future::pending::<()>().await;
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}

/// A listener that counts the connections made to it and answers each with 403: stands in for
/// a proxy that must never be used (or, for HTTPS, one that receives `CONNECT`).
pub struct ProxyTrap {
    pub url: String,
    connections: Arc<Mutex<Vec<String>>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl ProxyTrap {
    pub fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&connections);
        let stop = serve_on_thread(listener, move |mut stream| {
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let mut head = vec![0u8; 4096];
                let n = stream.read(&mut head).await.unwrap_or(0);
                let line = String::from_utf8_lossy(&head[..n])
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned();
                seen.lock().unwrap().push(line);
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    )
                    .await;
            });
        });
        Self {
            url,
            connections,
            _stop: stop,
        }
    }

    /// The first line of each request the trap received.
    pub fn requests(&self) -> Vec<String> {
        self.connections.lock().unwrap().clone()
    }
}

/// A JSON array of `{"id": …}` objects.
pub fn items(ids: &[&str]) -> String {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}"}}"#)).collect();
    format!("[{}]", items.join(","))
}

/// A minimal resource for tests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Item {
    pub id: String,
}

impl ittybit_runtime::Resource for Item {
    const PATH: &'static str = "/items";
    type Filters = ItemFilters;
    type Id = str;
    fn id(&self) -> &str {
        &self.id
    }
}

/// Filters for [`Item`] lists.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ItemFilters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A hook that fails (panics) on every request for a page after the first: a prefetch task
/// that dies mid-walk.
pub struct FailsAfterTheFirstPage;

impl ittybit_runtime::hook::Hook for FailsAfterTheFirstPage {
    fn on_request(&self, request: &mut ittybit_runtime::hook::AttemptRequest<'_>) {
        if request
            .url()
            .query()
            .is_some_and(|query| query.contains("after="))
        {
            panic!("the hook failed on a later page");
        }
    }
}
