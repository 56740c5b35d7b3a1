//! Instructions: what the walk and the decode cost in CPU instructions, counted by valgrind's
//! callgrind, which unlike wall-clock time does not move with the load of the machine. Each
//! count is of a separate process (the mock runs in another one, uncounted), and the per-page
//! figure is the difference between a walk of 20,000 tasks and one of 2,000, divided by the 180
//! pages between them, so process start-up and client set-up cancel out. The callgrind files
//! are kept for `callgrind_annotate`.
//!
//! `cargo bench -p ittybit --bench instructions` (skipped when `valgrind` is not installed)

mod support;

use std::path::Path;
use std::process::Command;

use support::procs::{self, Mock};
use support::{Table, header};

const LARGE: usize = 20_000;
const SMALL: usize = 2_000;
const DECODES: (usize, usize) = (1_100, 100);

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

fn main() {
    procs::run_role();
    header(
        "Instructions (callgrind): the walk per page, and the decode of a page",
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
    let mocks = [Mock::start(LARGE), Mock::start(SMALL)];

    let walks = [
        ("hand", "hand-written reqwest + serde_json"),
        ("stream0", "generated, prefetch 0"),
        ("stream", "generated, default prefetch (1)"),
        (
            "pages0",
            "generated `Task::pages`, prefetch 0, items by reference",
        ),
    ];
    let pages = (LARGE - SMALL) / 100;
    let mut per_page = Vec::new();
    for (mode, _) in walks {
        let [large, small] = [(&mocks[0], LARGE), (&mocks[1], SMALL)].map(|(mock, n)| {
            let out = dir.join(format!("walk-{mode}-{n}.out"));
            count(&out, &["--walk", &mock.url, &n.to_string(), mode])
        });
        per_page.push(per((large, small), pages));
    }
    let mut table = Table::new(&[
        "walk (client process only)",
        "instructions per page of 100",
        "ratio to hand-written",
    ]);
    for ((_, name), cost) in walks.iter().zip(&per_page) {
        table.row(&[
            (*name).to_owned(),
            format!("{cost:.0}"),
            format!("{:.3}", cost / per_page[0]),
        ]);
    }
    println!(
        "Walk: ({LARGE} tasks − {SMALL} tasks) / {pages} pages, one process each, the mock \
         in another."
    );
    println!();
    table.print();

    let sides = [
        ("serde", "serde_json::from_slice::<Vec<Task>>"),
        ("runtime", "ittybit::Page::<Task>::decode"),
    ];
    let mut per_decode = Vec::new();
    for (side, _) in sides {
        let [many, few] = [DECODES.0, DECODES.1].map(|n| {
            let out = dir.join(format!("decode-{side}-{n}.out"));
            count(&out, &["--decode", &mocks[1].url, side, &n.to_string()])
        });
        per_decode.push(per((many, few), DECODES.0 - DECODES.1));
    }
    let mut table = Table::new(&[
        "decode of a page of 100 tasks",
        "instructions per page",
        "ratio to bare serde_json",
    ]);
    for ((_, name), cost) in sides.iter().zip(&per_decode) {
        table.row(&[
            (*name).to_owned(),
            format!("{cost:.0}"),
            format!("{:.3}", cost / per_decode[0]),
        ]);
    }
    println!(
        "Decode: ({} decodes − {} decodes) / {}, inputs cloned and outputs dropped on both sides.",
        DECODES.0,
        DECODES.1,
        DECODES.0 - DECODES.1
    );
    println!();
    table.print();
    println!(
        "callgrind files: {} (e.g. `callgrind_annotate --inclusive=yes FILE`)",
        dir.display()
    );
    for mock in mocks {
        mock.stop();
    }
}
