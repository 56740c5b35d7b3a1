//! Fixed costs: what a short-lived program (a CLI run once) pays before its first item, the
//! generated client versus a hand-written one. Each sample is a fresh process of this binary
//! (`--fixed URL MODE`, see `support/procs.rs`) timing, with `Instant`, the tokio runtime, the
//! building of the client (`ittybit::Client::builder()…build()` versus `reqwest::Client::new()`)
//! and the first request (`GET /tasks?limit=1` over loopback, decoded: `Task::list` versus
//! `serde_json` into `PlainTask`). The two alternate; the mock runs in its own process.
//! The instruction counts of the same steps are in the `instructions` bench.
//!
//! `cargo bench -p ittybit --bench startup`

mod support;

use support::procs::{self, Mock};
use support::{Stats, Table};

const ROUNDS: usize = 31;

const MODES: [(&str, &str); 2] = [
    ("ittybit-first", "`ittybit::Client` + `Task::list`"),
    (
        "reqwest-first",
        "hand-written `reqwest::Client::new()` + GET + `serde_json` into `PlainTask`",
    ),
];

/// The `runtime_us=… build_us=… first_us=…` figures a `--fixed` process printed.
fn timings(stdout: &[u8]) -> [f64; 3] {
    let text = String::from_utf8_lossy(stdout);
    let value = |name: &str| -> f64 {
        text.split_whitespace()
            .find_map(|field| field.strip_prefix(name))
            .and_then(|n| n.parse().ok())
            .expect("a timing")
    };
    [value("runtime_us="), value("build_us="), value("first_us=")]
}

fn main() {
    procs::run_role();
    support::header(
        "Fixed costs: building the client and the first request, each in a fresh process",
        "cargo bench -p ittybit --bench startup",
    );
    let rounds = if support::full_run() { ROUNDS } else { 1 };
    let mock = Mock::start(100);
    let mut samples: [[Vec<f64>; 3]; MODES.len()] = Default::default();
    for round in 0..rounds {
        for step in 0..MODES.len() {
            let mode = (round + step) % MODES.len();
            let output = procs::run(&[], &["--fixed", &mock.url, MODES[mode].0]);
            for (kind, value) in timings(&output.stdout).into_iter().enumerate() {
                samples[mode][kind].push(value);
            }
        }
    }
    let mut table = Table::new(&[
        "client",
        "tokio runtime µs",
        "build the client µs",
        "first request µs",
    ]);
    for ((_, name), times) in MODES.iter().zip(&samples) {
        let mut row = vec![(*name).to_owned()];
        row.extend(times.iter().map(|values| Stats::of(values).show(0)));
        table.row(&row);
    }
    println!("{rounds} processes of each, alternated: median (min–max).");
    println!();
    table.print();
    mock.stop();
}
