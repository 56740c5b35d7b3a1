//! Instructions: what the walk, the decode and a program's fixed costs take in CPU
//! instructions, counted by valgrind's callgrind, which unlike wall-clock time does not move
//! with the load of the machine. Each count is of a separate process (the mock runs in another
//! one, uncounted). The comparator is always a hand-written reqwest + `serde_json` client
//! decoding into its own plain struct (`PlainTask`), never the crate's types.
//!
//! - Walks: the whole process walking 20,000 tasks, and the cost per page (the difference
//!   between a walk of 20,000 tasks and one of 2,000, over the 180 pages between them, so that
//!   process start-up and client set-up cancel out), of the mock's seeded tasks: each with an
//!   input file, `options` and `metadata`, succeeded ones with an output file, failed ones with
//!   an error, as the API sends them.
//! - Decode: one page of 100 tasks, (550 decodes − 50 decodes) / 500: as served, and with three
//!   unknown fields on every task.
//! - Fixed costs: a process that builds a tokio runtime; one that also builds the client; one
//!   that also makes the first request.
//!
//! The last table is the guard: each ratio against its goal, for the next change to compare.
//! The callgrind files are kept for `callgrind_annotate`.
//!
//! `cargo bench -p ittybit --bench instructions` (skipped when `valgrind` is not installed)

mod support;

use std::path::Path;
use std::process::Command;

use support::procs::{self, Mock};
use support::{Table, header};

const LARGE: usize = 20_000;
const SMALL: usize = 2_000;
const DECODES: (usize, usize) = (550, 50);

/// The instructions callgrind counted in a run of this binary in `role`.
fn count(out: &Path, role: &[&str]) -> u64 {
    let out_file = format!("--callgrind-out-file={}", out.display());
    let output = procs::run(&["valgrind", "--tool=callgrind", &out_file], role);
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .find_map(|line| {
            line.split_once("Collected :")
                .map(|(_, n)| n.trim().to_owned())
        })
        .and_then(|n| n.parse().ok())
        .expect("callgrind's `Collected :` line")
}

#[allow(clippy::cast_precision_loss)]
fn per(instructions: (u64, u64), units: usize) -> f64 {
    (instructions.0 - instructions.1) as f64 / units as f64
}

#[allow(clippy::cast_precision_loss)]
fn millions(instructions: u64) -> String {
    format!("{:.1} M", instructions as f64 / 1e6)
}

#[allow(clippy::cast_precision_loss)]
fn ratio(a: u64, b: u64) -> f64 {
    a as f64 / b as f64
}

/// The walks measured: (mode of the `--walk` role, name in the report).
const WALKS: [(&str, &str); 5] = [
    (
        "hand",
        "hand-written reqwest + serde_json into its own `PlainTask`",
    ),
    ("stream0", "`Task::stream`, prefetch 0"),
    ("stream", "`Task::stream`, default prefetch (1)"),
    ("pages0", "`Task::pages`, prefetch 0, items by reference"),
    (
        "brief0",
        "downstream 3-field `#[resource]` `TaskBrief::stream`, prefetch 0",
    ),
];

/// Whole-process and per-page counts of each walk of the mock's seeded tasks.
fn walks(dir: &Path) -> Vec<(u64, f64)> {
    let mocks = [Mock::start(LARGE), Mock::start(SMALL)];
    let pages = (LARGE - SMALL) / 100;
    let mut counts = Vec::new();
    for (mode, _) in WALKS {
        let [large, small] = [(&mocks[0], LARGE), (&mocks[1], SMALL)].map(|(mock, n)| {
            let out = dir.join(format!("walk-{mode}-{n}.out"));
            count(&out, &["--walk", &mock.url, &n.to_string(), mode])
        });
        counts.push((large, per((large, small), pages)));
    }
    let mut table = Table::new(&[
        "walk (client process only)",
        "whole process, 20,000 tasks",
        "ratio",
        "per page of 100 (20,000 − 2,000 tasks)",
        "ratio",
    ]);
    for ((_, name), (whole, page)) in WALKS.iter().zip(&counts) {
        table.row(&[
            (*name).to_owned(),
            millions(*whole),
            format!("{:.3}", ratio(*whole, counts[0].0)),
            format!("{page:.0}"),
            format!("{:.3}", page / counts[0].1),
        ]);
    }
    println!(
        "Walk of the mock's seeded tasks (an input file, options and metadata on each; an \
         output file on succeeded ones, an error on failed ones): one process each, the mock in another; ratios to the hand-written \
         walk ({pages} pages between the two sizes)."
    );
    println!();
    table.print();
    for mock in mocks {
        mock.stop();
    }
    counts
}

/// The decodes measured: (side of the `--decode` role, name in the report).
const DECODE_SIDES: [(&str, &str); 3] = [
    ("plain", "`serde_json::from_slice::<Vec<PlainTask>>`"),
    ("task", "`serde_json::from_slice::<Vec<ittybit::Task>>`"),
    ("runtime", "`ittybit::Page::<Task>::decode`"),
];

/// Per-decode counts of each side, on the mock's page as served (`data` empty), and with
/// three unknown fields on every task (`"unknown"`).
fn decodes(dir: &Path, mock: &Mock, data: &str) -> Vec<f64> {
    let mut per_decode = Vec::new();
    for (side, _) in DECODE_SIDES {
        let [many, few] = [DECODES.0, DECODES.1].map(|n| {
            let out = dir.join(format!("decode-{side}{data}-{n}.out"));
            count(&out, &["--decode", &mock.url, side, &n.to_string(), data])
        });
        per_decode.push(per((many, few), DECODES.0 - DECODES.1));
    }
    let mut table = Table::new(&[
        "decode of a page of 100 tasks",
        "instructions per page",
        "ratio to the plain struct",
    ]);
    for ((_, name), cost) in DECODE_SIDES.iter().zip(&per_decode) {
        table.row(&[
            (*name).to_owned(),
            format!("{cost:.0}"),
            format!("{:.3}", cost / per_decode[0]),
        ]);
    }
    let data = match data {
        "" => "the mock's page as served",
        _ => {
            "the same with three unknown fields on every task (kept by `Task`, dropped by `PlainTask`)"
        }
    };
    println!(
        "Decode, {data}: ({} decodes − {} decodes) / {}, on the same bytes, inputs cloned and \
         outputs dropped on every side.",
        DECODES.0,
        DECODES.1,
        DECODES.0 - DECODES.1
    );
    println!();
    table.print();
    per_decode
}

/// Fixed costs: (mode of the `--fixed` role, what it adds).
const FIXED: [(&str, &str); 5] = [
    ("runtime", "a tokio runtime, nothing else"),
    ("reqwest-build", "+ `reqwest::Client::new()`"),
    ("ittybit-build", "+ `ittybit::Client::builder()…build()`"),
    (
        "reqwest-first",
        "+ `reqwest::Client::new()` + first request, into `PlainTask`",
    ),
    (
        "ittybit-first",
        "+ `ittybit::Client` + first request, `Task::list`",
    ),
];

fn fixed(dir: &Path, mock: &Mock) -> Vec<u64> {
    let counts: Vec<u64> = FIXED
        .iter()
        .map(|(mode, _)| {
            let out = dir.join(format!("fixed-{mode}.out"));
            count(&out, &["--fixed", &mock.url, mode])
        })
        .collect();
    let mut table = Table::new(&["process", "instructions", "above the runtime alone"]);
    for ((_, name), total) in FIXED.iter().zip(&counts) {
        table.row(&[
            (*name).to_owned(),
            millions(*total),
            millions(total.saturating_sub(counts[0])),
        ]);
    }
    println!(
        "Fixed costs: one process each (the mock in another), GET /tasks?limit=1 over loopback."
    );
    println!();
    table.print();
    counts
}

fn main() {
    procs::run_role();
    header(
        "Instructions (callgrind): the walk, the decode of a page, the fixed costs",
        "cargo bench -p ittybit --bench instructions",
    );
    if !support::full_run() {
        println!("(skipped in the smoke pass)");
        return;
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("(valgrind is not installed: skipped)");
        return;
    }
    let dir = support::target_dir().join("callgrind");
    std::fs::create_dir_all(&dir).expect("the callgrind directory");
    let walk = walks(&dir);
    let mock = Mock::start(SMALL);
    let decode = decodes(&dir, &mock, "");
    let unknown = decodes(&dir, &mock, "unknown");
    let fixed = fixed(&dir, &mock);
    mock.stop();

    let mut guard = Table::new(&["ratio (instructions)", "now", "goal"]);
    let hand = walk[0];
    for (i, goal) in [(1, "≤ 1.05"), (2, "≤ 1.05"), (4, "≤ 0.6")] {
        guard.row(&[
            format!("walk of 20,000 tasks, {} ÷ hand-written", WALKS[i].1),
            format!(
                "{:.3} (per page {:.3})",
                ratio(walk[i].0, hand.0),
                walk[i].1 / hand.1
            ),
            goal.to_owned(),
        ]);
    }
    guard.row(&[
        "`Page::<Task>::decode` ÷ `from_slice::<Vec<PlainTask>>`".to_owned(),
        format!("{:.3}", decode[2] / decode[0]),
        "≤ 1.05".to_owned(),
    ]);
    guard.row(&[
        "the same, three unknown fields on every task (kept by `Task`)".to_owned(),
        format!("{:.3}", unknown[2] / unknown[0]),
        "—".to_owned(),
    ]);
    guard.row(&[
        "client build + first request, ittybit ÷ reqwest (above the runtime)".to_owned(),
        format!(
            "{:.3}",
            ratio(
                fixed[4].saturating_sub(fixed[0]),
                fixed[3].saturating_sub(fixed[0])
            )
        ),
        "—".to_owned(),
    ]);
    println!("Guard: the ratios the goals are about.");
    println!();
    guard.print();
    println!(
        "callgrind files: {} (e.g. `callgrind_annotate --inclusive=yes FILE`)",
        dir.display()
    );
}
