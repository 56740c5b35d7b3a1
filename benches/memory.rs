//! Memory: the peak resident set (`VmHWM` in /proc/self/status) of a process walking 200,000
//! tasks versus one walking 20,000, through the generated `Task::stream` at `limit=100`. A walk
//! holds at most the page being read plus the prefetched ones, so the peak must not grow with
//! the total. A control walk that keeps every item shows what growth looks like.
//!
//! Each mock and each walk is its own process: this binary re-executes itself with
//! `--serve-mock N` (serves `ittybit-mock` with N tasks on 127.0.0.1, prints its URL, reports
//! its own peak when its stdin closes) and `--walk URL N MODE` (walks, prints its peak); the
//! parent alternates the sizes and reports.
//!
//! `cargo bench -p ittybit --bench memory`

mod support;

use support::procs::{self, Mock};
use support::{Stats, Table};

/// How a walker consumes the list.
const MODES: [(&str, &str); 5] = [
    ("stream", "Task::stream, default prefetch (1)"),
    ("stream0", "Task::stream, prefetch 0"),
    ("stream4", "Task::stream, prefetch 4"),
    (
        "hand",
        "hand-written reqwest + serde_json loop into `PlainTask`",
    ),
    ("collect", "control: Task::stream collected into a Vec"),
];

fn main() {
    procs::run_role();
    orchestrate();
}

/// Runs one walker process and returns its peak resident set in KiB.
fn run_walker(mock: &Mock, total: usize, mode: &str) -> u64 {
    let output = procs::run(&[], &["--walk", &mock.url, &total.to_string(), mode]);
    procs::read_peak(&mut output.stdout.as_slice())
}

fn mib(kib: f64) -> f64 {
    kib / 1024.0
}

fn orchestrate() {
    let (small, large, rounds) = if support::full_run() {
        (20_000, 200_000, 3)
    } else {
        (200, 2_000, 1)
    };
    support::header(
        &format!("Memory: peak RSS of a process walking {large} tasks versus {small}"),
        "cargo bench -p ittybit --bench memory",
    );
    let mocks = [Mock::start(small), Mock::start(large)];
    let sizes = [small, large];
    // peaks[mode][size] over the rounds.
    let mut peaks = vec![[Vec::new(), Vec::new()]; MODES.len()];
    for round in 0..rounds {
        for (mode, (flag, _)) in MODES.iter().enumerate() {
            for step in 0..2 {
                let size = (round + step) % 2;
                let kib = run_walker(&mocks[size], sizes[size], flag);
                peaks[mode][size].push(kib_f64(kib));
            }
        }
    }
    let [small_mock, large_mock] = mocks;
    let mock_peaks = [small_mock.stop(), large_mock.stop()];

    let mut table = Table::new(&[
        "walker process",
        &format!("VmHWM MiB, {small} tasks: median (min–max)"),
        &format!("VmHWM MiB, {large} tasks: median (min–max)"),
        "large / small (medians)",
    ]);
    for (mode, (_, name)) in MODES.iter().enumerate() {
        let [a, b] = [&peaks[mode][0], &peaks[mode][1]].map(|kib| {
            let mib: Vec<f64> = kib.iter().map(|k| mib(*k)).collect();
            Stats::of(&mib)
        });
        table.row(&[
            (*name).to_owned(),
            a.show(1),
            b.show(1),
            format!("{:.2}", b.median / a.median),
        ]);
    }
    table.row(&[
        "the mock server (separate process, for contrast)".to_owned(),
        format!("{:.1}", mib(kib_f64(mock_peaks[0]))),
        format!("{:.1}", mib(kib_f64(mock_peaks[1]))),
        format!("{:.2}", kib_f64(mock_peaks[1]) / kib_f64(mock_peaks[0])),
    ]);
    println!("{rounds} walker processes per cell, sizes alternated; limit=100.");
    println!();
    table.print();
}

#[allow(clippy::cast_precision_loss)]
fn kib_f64(kib: u64) -> f64 {
    kib as f64
}
