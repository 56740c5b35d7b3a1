//! Running the mock: [`MockServer`] for tests and [`serve`]/[`serve_until`] for the binary.

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

/// A running mock API on `127.0.0.1` and a free port; dropping it shuts the server down.
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
    runner: Option<Runner>,
}

/// Where the server runs: a task on the caller's runtime, or a thread with its own runtime.
#[derive(Debug)]
enum Runner {
    Task(tokio::task::JoinHandle<io::Result<()>>),
    Thread(std::thread::JoinHandle<()>),
}

impl MockServer {
    /// Starts a server with the default configuration on the current tokio runtime; panics if no
    /// local port can be bound.
    pub async fn start() -> Self {
        Self::start_with(MockConfig::default()).await
    }

    /// Starts a server with `config` on the current tokio runtime; panics if no local port can be
    /// bound.
    pub async fn start_with(config: MockConfig) -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await;
        let listener = listener.unwrap_or_else(|err| cannot_start(&err));
        let spawn = |server: ServerFuture| Runner::Task(tokio::spawn(server));
        Self::launch(listener, config, spawn)
    }

    /// Starts a server with `config` on a thread of its own, with its own tokio runtime, for
    /// synchronous code; dropping the handle stops and joins it. Panics if no local port can be
    /// bound or the runtime or thread cannot start.
    #[must_use]
    pub fn start_on_thread(config: MockConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ittybit-mock-worker")
            .enable_all()
            .build()
            .unwrap_or_else(|err| cannot_start(&err));
        let listener = {
            let _context = runtime.enter();
            std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|listener| {
                    listener.set_nonblocking(true)?;
                    TcpListener::from_std(listener)
                })
                .unwrap_or_else(|err| cannot_start(&err))
        };
        Self::launch(listener, config, |server| {
            let thread = std::thread::Builder::new()
                .name("ittybit-mock".to_owned())
                .spawn(move || {
                    if let Err(err) = runtime.block_on(server) {
                        tracing::error!(%err, "ittybit-mock server failed");
                    }
                });
            Runner::Thread(thread.unwrap_or_else(|err| cannot_start(&err)))
        })
    }

    /// Starts serving on `listener`, with `spawn` deciding where the server runs.
    fn launch<F>(listener: TcpListener, config: MockConfig, spawn: F) -> Self
    where
        F: FnOnce(ServerFuture) -> Runner,
    {
        let addr = listener.local_addr();
        let addr = addr.unwrap_or_else(|err| cannot_start(&err));
        let state = ServerState::new(config);
        let (stop, stopped) = watch::channel(false);
        let runner = spawn(Box::pin(run(listener, state.clone(), stopped)));
        Self {
            addr,
            state,
            stop,
            runner: Some(runner),
        }
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

    /// Counts of what the server has answered and delivered.
    #[must_use]
    pub fn stats(&self) -> MockStats {
        self.state.stats()
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
        match self.runner.take() {
            Some(Runner::Task(task)) => drop(task.await),
            Some(Runner::Thread(thread)) => {
                drop(tokio::task::spawn_blocking(move || thread.join()).await);
            }
            None => {}
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        if let Some(Runner::Thread(thread)) = self.runner.take() {
            drop(thread.join());
        }
    }
}

/// A server's run, to spawn where it should run.
type ServerFuture = std::pin::Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

fn cannot_start(err: &io::Error) -> ! {
    panic!("ittybit-mock: cannot start the server: {err}")
}

/// Serves the mock API on `listener` with `config` until the process ends.
///
/// # Errors
///
/// If accepting connections fails.
pub async fn serve(listener: TcpListener, config: MockConfig) -> io::Result<()> {
    let stats = serve_until(listener, config, std::future::pending()).await;
    stats.map(drop)
}

/// Serves the mock API on `listener` with `config` until `signal` completes, then shuts down
/// gracefully (in-flight requests get up to two seconds) and returns what it answered.
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
    let watcher = tokio::spawn(async move {
        signal.await;
        stop.send_replace(true);
    });
    let result = run(listener, state.clone(), stopped).await;
    watcher.abort();
    result.map(|()| state.stats())
}

/// Serves (and delivers webhooks) until `stopped` turns true, then drains for at most [`GRACE`].
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
    deliveries.iter().for_each(tokio::task::JoinHandle::abort);
    result
}
