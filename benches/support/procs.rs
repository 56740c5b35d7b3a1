//! Benches that need separate processes re-execute their own binary in one of these roles:
//!
//! - `--serve-mock N`: serves `ittybit-mock` with N seeded tasks (files, options, metadata,
//!   errors, as the API sends them) on 127.0.0.1:0, prints its URL on stdout, and when its stdin closes prints `vmhwm_kib=…` (its own peak) and exits;
//! - `--walk URL N MODE`: walks the N tasks of the mock at URL (MODE: `stream`, `stream0`,
//!   `stream4`, `pages0`, `brief0`, `hand`, `collect`), checks the count and prints
//!   `vmhwm_kib=…`;
//! - `--decode URL SIDE N [DATA]`: fetches one page of 100 tasks and decodes it N times (SIDE:
//!   `runtime` for `Page::<Task>::decode`, `task` for `serde_json::from_slice::<Vec<Task>>`,
//!   `plain` for `serde_json::from_slice::<Vec<PlainTask>>`); DATA `unknown` first adds three
//!   unknown fields to each task (see [`super::plain::with_unknown_fields`]);
//! - `--fixed URL MODE`: what a short-lived program pays before its first item (MODE:
//!   `runtime`, `reqwest-build`, `ittybit-build`, `reqwest-first`, `ittybit-first`); see
//!   [`fixed`].

use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::time::{Duration, Instant};

use ittybit::http::Url;
use ittybit::{ListParams, Page, Task};
use ittybit_mock::{DEFAULT_API_KEY, MockConfig, TaskSeed};

use super::plain::PlainTask;
use super::walks::{self, Consumer};

/// Runs the role the arguments name, if any, and exits; returns when there is none.
pub(crate) fn run_role() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map_or("", String::as_str);
    let number = |i: usize| -> usize { arg(i).parse().expect("a number") };
    match arg(0) {
        "--serve-mock" => serve_mock(number(1)),
        "--walk" => walk(arg(1), number(2), arg(3)),
        "--decode" => decode(arg(1), arg(2), number(3), arg(4)),
        "--fixed" => fixed(arg(1), arg(2)),
        _ => return,
    }
    std::process::exit(0);
}

fn serve_mock(total: usize) {
    let runtime = super::runtime();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))
        .expect("a local port");
    let addr = listener.local_addr().expect("the local address");
    let config = MockConfig::default().seed_tasks(TaskSeed::many(total));
    let server = runtime.spawn(ittybit_mock::serve(listener, config));
    let url = format!("http://{addr}");
    println!("{url}");
    std::io::stdout().flush().expect("stdout");
    std::thread::spawn(|| {
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut rest);
        println!("vmhwm_kib={}", super::vm_hwm_kib().unwrap_or(0));
        std::process::exit(0);
    });
    runtime
        .block_on(server)
        .expect("the mock server's task")
        .expect("the mock server");
}

fn walk(url: &str, total: usize, mode: &str) {
    let seen = super::runtime().block_on(async {
        if mode == "hand" {
            let http = reqwest::Client::new();
            return walks::hand_written(&http, url, DEFAULT_API_KEY, Consumer::IDLE)
                .await
                .0;
        }
        let client = walks::client(url, DEFAULT_API_KEY);
        if mode == "pages0" {
            return walks::generated_pages(&client, Some(0), Consumer::IDLE)
                .await
                .0;
        }
        if mode == "brief0" {
            return walks::brief(&client, Some(0), Consumer::IDLE).await.0;
        }
        let mut tasks = Task::stream(&client, &ListParams::new().limit(walks::LIMIT));
        tasks = match mode {
            "stream0" => tasks.prefetch(0),
            "stream4" => tasks.prefetch(4),
            _ => tasks,
        };
        let mut kept = Vec::new();
        let mut seen = 0_usize;
        while let Some(task) = tasks.try_next().await.expect("the walk") {
            seen += 1;
            if mode == "collect" {
                kept.push(task);
            } else {
                black_box(&task);
            }
        }
        black_box(&kept);
        seen
    });
    assert_eq!(seen, total, "tasks walked");
    println!("vmhwm_kib={}", super::vm_hwm_kib().expect("VmHWM"));
}

fn decode(url: &str, side: &str, times: usize, data: &str) {
    let url = Url::parse(&format!("{url}/tasks?limit=100")).expect("a URL");
    let (headers, body) = super::runtime().block_on(async {
        let response = reqwest::Client::new()
            .get(url.clone())
            .bearer_auth(DEFAULT_API_KEY)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("GET /tasks");
        let headers = response.headers().clone();
        (headers, response.bytes().await.expect("the body"))
    });
    let body = match data {
        "unknown" => super::plain::with_unknown_fields(&body),
        _ => body,
    };
    // Both sides clone the inputs, so that only the decoding differs.
    for _ in 0..times {
        let (url, headers, body) = (url.clone(), headers.clone(), body.clone());
        match side {
            "runtime" => {
                black_box(Page::<Task>::decode(url, headers, body).expect("a page"));
            }
            "task" => {
                black_box(serde_json::from_slice::<Vec<Task>>(&body).expect("tasks"));
                black_box((url, headers));
            }
            _ => {
                black_box(serde_json::from_slice::<Vec<PlainTask>>(&body).expect("tasks"));
                black_box((url, headers));
            }
        }
    }
}

/// The fixed costs of a short-lived program, each mode doing a little more than the one before
/// it, so that the difference of their instruction counts is the cost of one step: `runtime`
/// builds the tokio runtime and stops; `*-build` also builds the client (`reqwest::Client::new()`
/// or `ittybit::Client::builder()…build()`); `*-first` also makes the first request
/// (`GET /tasks?limit=1`, decoded: into `PlainTask` by hand, into `Task` by `Task::list`).
fn fixed(url: &str, mode: &str) {
    let started = Instant::now();
    let runtime = super::runtime();
    let runtime_done = started.elapsed();
    let (client, step) = mode.split_once('-').unwrap_or((mode, ""));
    let (built, first) = runtime.block_on(async {
        let started = Instant::now();
        match client {
            "reqwest" => {
                let http = reqwest::Client::new();
                let built = started.elapsed();
                if step != "first" {
                    black_box(http);
                    return (built, Duration::ZERO);
                }
                let body = http
                    .get(format!("{url}/tasks?limit=1"))
                    .bearer_auth(DEFAULT_API_KEY)
                    .send()
                    .await
                    .and_then(reqwest::Response::error_for_status)
                    .expect("GET /tasks")
                    .bytes()
                    .await
                    .expect("the body");
                let tasks: Vec<PlainTask> = serde_json::from_slice(&body).expect("tasks");
                assert_eq!(tasks.len(), 1);
                (built, started.elapsed().saturating_sub(built))
            }
            "ittybit" => {
                let client = walks::client(url, DEFAULT_API_KEY);
                let built = started.elapsed();
                if step != "first" {
                    black_box(client);
                    return (built, Duration::ZERO);
                }
                let page = Task::list(&client, &ListParams::new().limit(1))
                    .await
                    .expect("GET /tasks");
                assert_eq!(page.items().len(), 1);
                (built, started.elapsed().saturating_sub(built))
            }
            _ => (Duration::ZERO, Duration::ZERO),
        }
    });
    println!(
        "runtime_us={} build_us={} first_us={}",
        runtime_done.as_micros(),
        built.as_micros(),
        first.as_micros()
    );
}

/// A mock server process.
pub(crate) struct Mock {
    child: Child,
    stdout: BufReader<ChildStdout>,
    pub(crate) url: String,
}

impl Mock {
    /// Starts a mock process serving `total` seeded tasks.
    pub(crate) fn start(total: usize) -> Self {
        let mut child = Command::new(std::env::current_exe().expect("this binary"))
            .args(["--serve-mock", &total.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the mock process");
        let mut stdout = BufReader::new(child.stdout.take().expect("its stdout"));
        let mut url = String::new();
        stdout.read_line(&mut url).expect("the mock's URL");
        Self {
            child,
            stdout,
            url: url.trim().to_owned(),
        }
    }

    /// Stops the server and returns its peak resident set in KiB.
    pub(crate) fn stop(mut self) -> u64 {
        drop(self.child.stdin.take());
        let peak = read_peak(&mut self.stdout);
        let _ = self.child.wait();
        peak
    }
}

/// The `vmhwm_kib=` figure a role printed.
pub(crate) fn read_peak(stdout: &mut impl BufRead) -> u64 {
    stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("vmhwm_kib=").and_then(|n| n.parse().ok()))
        .expect("a vmhwm_kib= line")
}

/// Runs this binary in a role, through `wrapper` (e.g. valgrind) when given, and waits.
pub(crate) fn run(wrapper: &[&str], role: &[&str]) -> Output {
    let exe = std::env::current_exe().expect("this binary");
    let mut command = match wrapper.split_first() {
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg(exe);
            command
        }
        None => Command::new(exe),
    };
    let output = command
        .args(role)
        .stdin(Stdio::null())
        .output()
        .expect("a child process");
    assert!(
        output.status.success(),
        "{role:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
