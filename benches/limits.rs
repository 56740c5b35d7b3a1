//! Rate limits: 64 concurrent workers making 5,000 `Task::get` calls against `ittybit-mock`
//! capped at 200 requests a second (a token bucket of 200, refilled at 200 a second; a `429`
//! says `Retry-After: 1`), with each request on its own (no limiter: the behaviour before the
//! shared limit), the shared limit (the default), pacing at the cap, and the adaptive rate. Then
//! the same with four processes of 16 workers sharing one `RedisLimiter` (with `--features
//! redis`; the bench starts its own `redis-server` on 127.0.0.1).
//!
//! `cargo bench -p ittybit --bench limits --features redis`
//!
//! Reported per client: calls that succeeded and failed, the `429`s the mock sent (the mock's
//! own count), the throughput achieved as a fraction of the cap, and the p50/p99 latency of a
//! call (from the call to its result: waits for the limiter and retries included).

mod support;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ittybit::limit::{LocalLimiter, Pacing};
use ittybit::{Client, ClientBuilder, Task};
use ittybit_mock::{DEFAULT_API_KEY, MockConfig, MockServer, TaskSeed};
use support::Table;

const CALLS: usize = 5_000;
const WORKERS: usize = 64;
const CAP: u32 = 200;
const PROCESSES: usize = 4;

/// The clients compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `no_limiter()`: each request handles its own `429`.
    Alone,
    /// The default: one shared pause.
    Shared,
    /// `Pacing::per_second(CAP)`.
    Paced,
    /// `Pacing::adaptive()`.
    Adaptive,
}

const MODES: [Mode; 4] = [Mode::Alone, Mode::Shared, Mode::Paced, Mode::Adaptive];

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Alone => "alone",
            Mode::Shared => "shared",
            Mode::Paced => "paced",
            Mode::Adaptive => "adaptive",
        }
    }

    fn parse(text: &str) -> Self {
        MODES
            .into_iter()
            .find(|mode| mode.name() == text)
            .expect("a mode")
    }

    fn describe(self, cap: u32) -> String {
        match self {
            Mode::Alone => "each request on its own (`no_limiter()`)".to_owned(),
            Mode::Shared => "shared limit (default): a 429 pauses all".to_owned(),
            Mode::Paced => format!("pacing at the cap (`Pacing::per_second({cap})`)"),
            Mode::Adaptive => "adaptive (`Pacing::adaptive()`)".to_owned(),
        }
    }

    /// The pacing of this mode (`None`: no limiter at all).
    fn pacing(self, cap: u32) -> Option<Pacing> {
        match self {
            Mode::Alone => None,
            Mode::Shared => Some(Pacing::off()),
            Mode::Paced => Some(Pacing::per_second(cap)),
            Mode::Adaptive => Some(Pacing::adaptive()),
        }
    }
}

/// What one run of workers measured.
#[derive(Debug, Default)]
struct Run {
    latencies: Vec<Duration>,
    failed: usize,
    elapsed: Duration,
}

fn builder(url: &str) -> ClientBuilder {
    Client::builder().api_key(DEFAULT_API_KEY).base_url(url)
}

/// `workers` tasks sharing `calls` `Task::get` calls.
async fn drive(client: &Client, id: &str, calls: usize, workers: usize) -> Run {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..workers {
        let (client, id, next) = (client.clone(), id.to_owned(), next.clone());
        handles.push(tokio::spawn(async move {
            let mut run = Run::default();
            while next.fetch_add(1, Ordering::Relaxed) < calls {
                let call = Instant::now();
                let result = Task::get(&client, &id).await;
                run.latencies.push(call.elapsed());
                if result.is_err() {
                    run.failed += 1;
                }
            }
            run
        }));
    }
    let mut all = Run::default();
    for handle in handles {
        let run = handle.await.expect("a worker");
        all.latencies.extend(run.latencies);
        all.failed += run.failed;
    }
    all.elapsed = started.elapsed();
    all
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--fleet-worker") {
        fleet_worker();
        return;
    }
    let (calls, cap) = if support::full_run() {
        (CALLS, CAP)
    } else {
        (300, 100)
    };
    support::header(
        &format!(
            "Rate limits: {WORKERS} workers, {calls} `Task::get` calls, the mock capped at {cap} requests/s"
        ),
        "cargo bench -p ittybit --bench limits --features redis",
    );
    let runtime = support::runtime();
    let mut rows = Vec::new();
    for mode in MODES {
        let mock = capped_mock(cap);
        let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
        let mut builder = builder(&mock.url());
        builder = match mode.pacing(cap) {
            None => builder.no_limiter(),
            Some(pacing) => builder.limiter(LocalLimiter::new(pacing).expect("a pacing")),
        };
        let client = builder.build().expect("a client");
        let run = runtime.block_on(drive(&client, &id, calls, WORKERS));
        rows.push((mode, run, mock.stats().throttled));
    }
    println!("In one process, {WORKERS} workers:");
    println!();
    report(&rows, calls, cap);
    println!(
        "load average after the in-process runs: {}",
        support::load_average()
    );
    fleet(calls, cap);
}

fn capped_mock(cap: u32) -> MockServer {
    MockServer::start_on_thread(MockConfig::default().rate_limit(cap, Duration::from_secs(1)))
}

/// The table of one set of runs, with ratios to the first (each request on its own).
#[allow(clippy::cast_precision_loss)]
fn report(rows: &[(Mode, Run, u64)], calls: usize, cap: u32) {
    let mut table = Table::new(&[
        "client",
        "ok",
        "failed",
        "429s received",
        "429s per 100 calls",
        "429s vs alone",
        "throughput / cap",
        "p50 ms",
        "p99 ms",
        "p99 vs alone",
    ]);
    let alone_429s = rows.first().map_or(0, |row| row.2) as f64;
    let alone_p99 = rows
        .first()
        .map_or(1.0, |row| quantile_ms(&row.1.latencies, 0.99));
    for (mode, run, throttled) in rows {
        let ok = run.latencies.len() - run.failed;
        let throughput = ok as f64 / run.elapsed.as_secs_f64() / f64::from(cap);
        let p99 = quantile_ms(&run.latencies, 0.99);
        table.row(&[
            mode.describe(cap),
            ok.to_string(),
            run.failed.to_string(),
            throttled.to_string(),
            format!("{:.2}", *throttled as f64 * 100.0 / calls as f64),
            if alone_429s > 0.0 {
                format!("{:.3}", *throttled as f64 / alone_429s)
            } else {
                "–".to_owned()
            },
            format!("{throughput:.3}"),
            format!("{:.0}", quantile_ms(&run.latencies, 0.5)),
            format!("{p99:.0}"),
            format!("{:.2}", p99 / alone_p99),
        ]);
    }
    let ideal = calls.saturating_sub(cap as usize) as f64 / f64::from(cap);
    println!(
        "The cap's bucket starts full, so {calls} calls can finish in {ideal:.1} s at best: a \
         throughput of {:.3} of the cap.",
        calls as f64 / ideal / f64::from(cap)
    );
    println!();
    table.print();
}

/// The `q` quantile of `samples` in milliseconds (nearest rank).
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
fn quantile_ms(samples: &[Duration], q: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut sorted = samples.to_vec();
    sorted.sort();
    let rank = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[rank].as_secs_f64() * 1e3
}

/// Four processes sharing one `RedisLimiter` (feature `redis`) against one capped mock.
#[cfg(feature = "redis")]
fn fleet(calls: usize, cap: u32) {
    let Some(redis) = fleet_support::Redis::start() else {
        println!("(the fleet figures need `redis-server` on the PATH)");
        return;
    };
    let mut rows = Vec::new();
    for (n, mode) in MODES.into_iter().enumerate() {
        let mock = capped_mock(cap);
        let id = mock.seed_tasks(TaskSeed::many(1)).remove(0);
        let key = format!("ittybit-bench:{}:{n}", std::process::id());
        let run = fleet_support::run(&mock.url(), &redis.url(), &key, mode, &id, calls, cap);
        rows.push((mode, run, mock.stats().throttled));
    }
    println!(
        "{PROCESSES} processes of {} workers, one Redis-backed limiter (`RedisLimiter`), one mock:",
        WORKERS / PROCESSES
    );
    println!();
    report(&rows, calls, cap);
    println!(
        "load average after the fleet runs: {}",
        support::load_average()
    );
}

#[cfg(not(feature = "redis"))]
fn fleet(_calls: usize, _cap: u32) {
    println!(
        "(run with `--features redis` for the figures of {PROCESSES} processes sharing Redis)"
    );
}

/// The child role: `--fleet-worker MOCK_URL REDIS_URL KEY MODE ID CALLS WORKERS CAP`. Waits for
/// a line on stdin, runs, and prints its figures.
fn fleet_worker() {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let arg = |i: usize| args.get(i).map_or("", String::as_str);
    let number = |i: usize| -> usize { arg(i).parse().expect("a number") };
    let (mock_url, mode, id) = (arg(0), Mode::parse(arg(3)), arg(4));
    let (calls, workers) = (number(5), number(6));
    let cap = u32::try_from(number(7)).expect("a cap");
    let builder = builder(mock_url);
    let builder = match mode.pacing(cap) {
        None => builder.no_limiter(),
        Some(pacing) => limiter(builder, arg(1), arg(2), pacing),
    };
    let client = builder.build().expect("a client");
    let runtime = support::runtime();
    println!("ready");
    std::io::stdout().flush().expect("stdout");
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).expect("the go line");
    let run = runtime.block_on(drive(&client, id, calls, workers));
    let micros: Vec<String> = run
        .latencies
        .iter()
        .map(|d| d.as_micros().to_string())
        .collect();
    println!("failed={}", run.failed);
    println!("elapsed_us={}", run.elapsed.as_micros());
    println!("latencies_us={}", micros.join(","));
}

#[cfg(feature = "redis")]
fn limiter(builder: ClientBuilder, redis: &str, key: &str, pacing: Pacing) -> ClientBuilder {
    let limiter = ittybit::limit::RedisLimiter::new(redis, key)
        .expect("a Redis URL")
        .pacing(pacing);
    builder.limiter(limiter)
}

#[cfg(not(feature = "redis"))]
fn limiter(builder: ClientBuilder, _redis: &str, _key: &str, pacing: Pacing) -> ClientBuilder {
    builder.limiter(LocalLimiter::new(pacing).expect("a pacing"))
}

#[cfg(feature = "redis")]
mod fleet_support {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    use super::{Duration, Mode, PROCESSES, Run, WORKERS};

    /// A `redis-server` on 127.0.0.1 and a free port, stopped on drop.
    pub(crate) struct Redis {
        child: std::process::Child,
        port: u16,
    }

    impl Redis {
        pub(crate) fn start() -> Option<Self> {
            let port = std::net::TcpListener::bind(("127.0.0.1", 0))
                .and_then(|listener| listener.local_addr())
                .expect("a free port")
                .port();
            let child = Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no"])
                .stdout(Stdio::null())
                .spawn()
                .ok()?;
            let redis = Self { child, port };
            for _ in 0..500 {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Some(redis);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            None
        }

        pub(crate) fn url(&self) -> String {
            format!("redis://127.0.0.1:{}/", self.port)
        }
    }

    impl Drop for Redis {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// Runs `PROCESSES` worker processes splitting `calls`, started together.
    pub(crate) fn run(
        mock: &str,
        redis: &str,
        key: &str,
        mode: Mode,
        id: &str,
        calls: usize,
        cap: u32,
    ) -> Run {
        let exe = std::env::current_exe().expect("this binary");
        let mut children = Vec::new();
        for p in 0..PROCESSES {
            let share = calls / PROCESSES + usize::from(p < calls % PROCESSES);
            let mut child = Command::new(&exe)
                .args(["--fleet-worker", mock, redis, key, mode.name(), id])
                .args([
                    share.to_string(),
                    (WORKERS / PROCESSES).to_string(),
                    cap.to_string(),
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("a worker process");
            let mut stdout = BufReader::new(child.stdout.take().expect("its stdout"));
            let mut ready = String::new();
            stdout.read_line(&mut ready).expect("ready");
            assert_eq!(ready.trim(), "ready");
            children.push((child, stdout));
        }
        for (child, _) in &mut children {
            let stdin = child.stdin.as_mut().expect("its stdin");
            stdin.write_all(b"go\n").expect("go");
            stdin.flush().expect("go");
        }
        let mut all = Run::default();
        for (mut child, stdout) in children {
            for line in stdout.lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("failed=") {
                    all.failed += n.parse::<usize>().expect("a count");
                } else if let Some(us) = line.strip_prefix("elapsed_us=") {
                    let elapsed = Duration::from_micros(us.parse().expect("micros"));
                    all.elapsed = all.elapsed.max(elapsed);
                } else if let Some(list) = line.strip_prefix("latencies_us=") {
                    all.latencies.extend(
                        list.split(',')
                            .filter(|s| !s.is_empty())
                            .map(|us| Duration::from_micros(us.parse().expect("micros"))),
                    );
                }
            }
            assert!(
                child.wait().expect("the worker").success(),
                "a worker failed"
            );
        }
        all
    }
}
