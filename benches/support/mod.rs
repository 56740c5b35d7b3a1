//! Shared by the bench binaries: the machine description, run statistics, the roles a binary
//! re-executes itself in, and the walks (the generated client's and the hand-written reqwest +
//! `serde_json` loop it is compared with).

#![allow(dead_code)]

pub(crate) mod plain;
pub(crate) mod procs;
pub(crate) mod walks;

use std::fmt::Write as _;
use std::process::Command;
use std::time::Duration;

/// `cargo bench` passes `--bench`; `cargo test --benches` does not. Without it a binary runs a
/// smoke pass (tiny sizes, one round) so that test runs stay fast.
pub(crate) fn full_run() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// One line describing the machine and toolchain, for the report.
pub(crate) fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map_or_else(|| "rustc (unknown)".to_owned(), |v| v.trim().to_owned());
    format!("{cores} CPUs (nproc), {cpu}, {version}")
}

/// The 1, 5 and 15 minute load averages (other work on the machine makes figures noisier).
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

/// Prints the report header of one bench.
pub(crate) fn header(title: &str, command: &str) {
    println!();
    println!("## {title}");
    println!();
    println!("machine: {}", machine());
    println!("command: {command}");
    println!("load average at start: {}", load_average());
    if !full_run() {
        println!("(smoke pass: run through `cargo bench` for the real figures)");
    }
    println!();
}

/// Order statistics of a set of samples.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stats {
    pub(crate) median: f64,
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) p10: f64,
    pub(crate) p90: f64,
}

impl Stats {
    /// The statistics of `samples` (at least one).
    pub(crate) fn of(samples: &[f64]) -> Self {
        assert!(!samples.is_empty(), "no samples");
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        Self {
            median: quantile(&sorted, 0.5),
            min: sorted[0],
            max: sorted[sorted.len() - 1],
            p10: quantile(&sorted, 0.1),
            p90: quantile(&sorted, 0.9),
        }
    }

    /// `median (min–max)` with `digits` decimals.
    pub(crate) fn show(&self, digits: usize) -> String {
        format!(
            "{:.digits$} ({:.digits$}–{:.digits$})",
            self.median, self.min, self.max
        )
    }
}

/// Linear interpolation between closest ranks, over sorted samples.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len() - 1;
    let rank = q * last as f64;
    let lo = rank.floor() as usize;
    let hi = (lo + 1).min(last);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - rank.floor())
}

/// Milliseconds, as a float.
pub(crate) fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Per-round ratios `a[i] / b[i]`.
pub(crate) fn ratios(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(a, b)| a / b).collect()
}

/// A Markdown table.
pub(crate) struct Table {
    text: String,
}

impl Table {
    pub(crate) fn new(columns: &[&str]) -> Self {
        let mut text = String::new();
        let _ = writeln!(text, "| {} |", columns.join(" | "));
        let _ = writeln!(
            text,
            "|{}",
            columns.iter().map(|_| "---|").collect::<String>()
        );
        Self { text }
    }

    pub(crate) fn row(&mut self, cells: &[String]) {
        let _ = writeln!(self.text, "| {} |", cells.join(" | "));
    }

    pub(crate) fn print(&self) {
        println!("{}", self.text);
    }
}

/// A multi-threaded tokio runtime with the default number of workers (one per core), as
/// `#[tokio::main]` builds.
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The target directory this bench binary was built in (`<target>/release/deps/<bench>-…`).
pub(crate) fn target_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return dir.into();
    }
    let exe = std::env::current_exe().expect("this binary");
    exe.ancestors().nth(3).map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        std::path::Path::to_owned,
    )
}

/// Peak resident set size of this process, `VmHWM` in /proc/self/status, in KiB.
pub(crate) fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
