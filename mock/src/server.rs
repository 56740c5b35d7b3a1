//! Running the mock: [`MockServer`] for tests (on the caller's runtime or on a thread of its
//! own) and [`serve`]/[`serve_with_shutdown`] for the binary.

use std::future::Future;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::{MockConfig, MockResource, TaskSeed};
use crate::routes::router;
use crate::state::{MockStats, RecordedRequest, ServerState, SharedState};

/// How long a shutdown waits for in-flight requests before closing connections anyway.
const GRACE: Duration = Duration::from_secs(2);

/// A running mock API on `127.0.0.1` and a free port.
///
/// Dropping it shuts the server down: in-flight requests may finish (for at most two seconds),
/// then the server task ends. A server started with [`MockServer::start_on_thread`] is joined
/// on drop; one started on the caller's runtime ends on its own, or use
/// [`MockServer::shutdown`] to wait for it.
///
/// ```
/// use ittybit_mock::{MockServer, TaskSeed};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let mock = MockServer::start().await;
/// let ids = mock.seed_tasks(TaskSeed::many(3));
/// assert_eq!(ids.len(), 3);
/// assert!(mock.url().starts_with("http://127.0.0.1:"));
/// assert_eq!(mock.api_key(), "ittybit_mock_key");
/// # }
/// ```
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    state: SharedState,
    stop: watch::Sender<bool>,
    runner: Runner,
}

/// Where the server runs.
#[derive(Debug)]
enum Runner {
    /// A task on the caller's runtime.
    Task(Option<tokio::task::JoinHandle<io::Result<()>>>),
    /// A thread with its own runtime.
    Thread(Option<std::thread::JoinHandle<()>>),
}

impl MockServer {
    /// Starts a server with the default configuration on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// If no local port can be bound; see [`MockServer::try_start_with`].
    pub async fn start() -> Self {
        Self::start_with(MockConfig::default()).await
    }

    /// Starts a server with `config` on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// If no local port can be bound; see [`MockServer::try_start_with`].
    pub async fn start_with(config: MockConfig) -> Self {
        match Self::try_start_with(config).await {
            Ok(server) => server,
            Err(err) => panic!("ittybit-mock: cannot bind 127.0.0.1:0: {err}"),
        }
    }

    /// Starts a server with `config` on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// If no local port can be bound.
    pub async fn try_start_with(config: MockConfig) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let state = ServerState::new(config);
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(listener, state.clone(), stopped));
        Ok(Self {
            addr,
            state,
            stop,
            runner: Runner::Task(Some(task)),
        })
    }

    /// Starts a server with `config` on a thread of its own, with its own tokio runtime, for
    /// synchronous code (blocking examples, benchmarks). Dropping the handle stops and joins it.
    ///
    /// # Panics
    ///
    /// If no local port can be bound or the runtime cannot start; see
    /// [`MockServer::try_start_on_thread`].
    #[must_use]
    pub fn start_on_thread(config: MockConfig) -> Self {
        match Self::try_start_on_thread(config) {
            Ok(server) => server,
            Err(err) => panic!("ittybit-mock: cannot start the server thread: {err}"),
        }
    }

    /// Starts a server with `config` on a thread of its own; see
    /// [`MockServer::start_on_thread`].
    ///
    /// # Errors
    ///
    /// If no local port can be bound, or the runtime or thread cannot start.
    pub fn try_start_on_thread(config: MockConfig) -> io::Result<Self> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ittybit-mock-worker")
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let state = ServerState::new(config);
        let (stop, stopped) = watch::channel(false);
        let thread_state = state.clone();
        let thread = std::thread::Builder::new()
            .name("ittybit-mock".to_owned())
            .spawn(move || {
                if let Err(err) = runtime.block_on(run(listener, thread_state, stopped)) {
                    tracing::error!(%err, "ittybit-mock server failed");
                }
            })?;
        Ok(Self {
            addr,
            state,
            stop,
            runner: Runner::Thread(Some(thread)),
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:4010` (no trailing slash).
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the server listens on.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server's own API key (default [`DEFAULT_API_KEY`](crate::DEFAULT_API_KEY)).
    #[must_use]
    pub fn api_key(&self) -> &str {
        &self.state.api_key
    }

    /// Inserts tasks directly, fast, in order (the last seed is the newest task), and returns
    /// their ids in the same order. Seeding records no events. See [`TaskSeed`].
    pub fn seed_tasks(&self, seeds: impl IntoIterator<Item = TaskSeed>) -> Vec<String> {
        self.state.store().seed(seeds)
    }

    /// Serves a resource of your own from now on, as [`MockConfig::resource`] does at start.
    pub fn add_resource(&self, resource: MockResource) {
        self.state.store().custom.add(resource);
    }

    /// How many requests the server has received, faulted ones included.
    #[must_use]
    pub fn request_count(&self) -> u64 {
        self.state.stats().requests
    }

    /// Counts of what the server has answered: requests, `429`s of the rate cap, injected
    /// faults.
    #[must_use]
    pub fn stats(&self) -> MockStats {
        self.state.stats()
    }

    /// How many requests the rate cap has answered `429`; the same as `stats().throttled`.
    #[must_use]
    pub fn throttled(&self) -> u64 {
        self.stats().throttled
    }

    /// The most recent answered requests (at most 10,000), oldest first, in the order their
    /// responses were produced.
    #[must_use]
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.recent()
    }

    /// Stops the server and waits until it has ended.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        match &mut self.runner {
            Runner::Task(task) => {
                if let Some(task) = task.take() {
                    let _ended = task.await;
                }
            }
            Runner::Thread(thread) => {
                if let Some(thread) = thread.take() {
                    let _ended = tokio::task::spawn_blocking(move || thread.join()).await;
                }
            }
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        if let Runner::Thread(thread) = &mut self.runner
            && let Some(thread) = thread.take()
        {
            let _ended = thread.join();
        }
    }
}

/// Serves the mock API on `listener` with `config` until the process ends. Tasks seeded in
/// `config` are inserted first.
///
/// # Errors
///
/// If accepting connections fails.
pub async fn serve(listener: TcpListener, config: MockConfig) -> io::Result<()> {
    serve_with_shutdown(listener, config, std::future::pending()).await
}

/// Serves the mock API on `listener` with `config` until `signal` completes, then shuts down
/// gracefully (in-flight requests get up to two seconds).
///
/// # Errors
///
/// If accepting connections fails.
pub async fn serve_with_shutdown(
    listener: TcpListener,
    config: MockConfig,
    signal: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    serve_until(listener, config, signal).await.map(drop)
}

/// Like [`serve_with_shutdown`], and returns what the server answered (see
/// [`MockServer::stats`]) once it has stopped.
///
/// # Errors
///
/// If accepting connections fails.
pub async fn serve_until(
    listener: TcpListener,
    config: MockConfig,
    signal: impl Future<Output = ()> + Send + 'static,
) -> io::Result<MockStats> {
    let state = ServerState::new(config);
    let (stop, stopped) = watch::channel(false);
    let server = run(listener, state.clone(), stopped);
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => return result.map(|()| state.stats()),
        () = signal => {}
    }
    stop.send_replace(true);
    server.await.map(|()| state.stats())
}

/// Serves until `stopped` turns true (or its sender is dropped), then drains for at most
/// [`GRACE`]. Webhook deliveries run beside the server and stop with it.
async fn run(
    listener: TcpListener,
    state: SharedState,
    stopped: watch::Receiver<bool>,
) -> io::Result<()> {
    let deliveries = state.webhook_dispatcher().map(tokio::spawn);
    let mut graceful_signal = stopped.clone();
    let mut deadline_signal = stopped;
    let server = axum::serve(listener, router(state)).with_graceful_shutdown(async move {
        let _ = graceful_signal.wait_for(|stop| *stop).await;
    });
    let result = tokio::select! {
        result = server => result,
        () = async move {
            let _ = deadline_signal.wait_for(|stop| *stop).await;
            tokio::time::sleep(GRACE).await;
        } => Ok(()),
    };
    if let Some(deliveries) = deliveries {
        deliveries.abort();
    }
    result
}
