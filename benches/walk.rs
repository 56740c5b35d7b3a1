//! Overhead: walking 20,000 tasks at `limit=100` through the generated `Task::stream` (prefetch
//! off and at the default depth) versus a hand-written reqwest + `serde_json` loop decoding into
//! its own plain struct (`PlainTask`, never the crate's types), against `ittybit-mock` on
//! 127.0.0.1; plus the generated `Task::pages` with the items looked at by reference, as the
//! hand-written loop does, and a three-field resource declared downstream (`TaskBrief`). The walks alternate round by round (the order
//! rotating) so that machine noise hits them alike; ratios are per round, against the
//! hand-written walk of the same round.
//!
//! `cargo bench -p ittybit --bench walk`

mod support;

use ittybit_mock::{MockConfig, MockServer, TaskSeed};
use support::walks::{self, Consumer};
use support::{Stats, Table, ms, ratios};

const TOTAL: usize = 20_000;
const ROUNDS: usize = 101;

const NAMES: [&str; 5] = [
    "generated `Task::stream`, prefetch 0",
    "generated `Task::stream`, default prefetch (1)",
    "generated `Task::pages`, prefetch 0, items by reference",
    "downstream 3-field `#[resource]` `TaskBrief::stream`, prefetch 0",
    "hand-written reqwest + serde_json into its own `PlainTask`",
];
/// The walk the others are compared with.
const HAND: usize = 4;

fn main() {
    let (total, rounds) = if support::full_run() {
        (TOTAL, ROUNDS)
    } else {
        (500, 1)
    };
    support::header(
        &format!("Overhead: walking {total} tasks at limit=100"),
        "cargo bench -p ittybit --bench walk",
    );
    let mock = MockServer::start_on_thread(MockConfig::default().seed_tasks(TaskSeed::many(total)));
    let runtime = support::runtime();
    let client = walks::client(&mock.url(), mock.api_key());
    let http = reqwest::Client::new();

    let walk = |variant: usize| {
        runtime.block_on(async {
            match variant {
                0 => walks::generated(&client, Some(0), Consumer::IDLE).await,
                1 => walks::generated(&client, None, Consumer::IDLE).await,
                2 => walks::generated_pages(&client, Some(0), Consumer::IDLE).await,
                3 => walks::brief(&client, Some(0), Consumer::IDLE).await,
                _ => walks::hand_written(&http, &mock.url(), mock.api_key(), Consumer::IDLE).await,
            }
        })
    };

    // Warm-up: connections, allocator, caches.
    for (variant, name) in NAMES.iter().enumerate() {
        assert_eq!(walk(variant).0, total, "{name}");
    }
    let mut times: [Vec<f64>; NAMES.len()] = Default::default();
    for round in 0..rounds {
        for step in 0..NAMES.len() {
            let variant = (round + step) % NAMES.len();
            let (seen, elapsed) = walk(variant);
            assert_eq!(seen, total, "{}", NAMES[variant]);
            times[variant].push(ms(elapsed));
        }
    }

    let mut table = Table::new(&[
        "walk",
        "median ms (min–max)",
        "p10–p90 ms",
        "ratio to hand-written: median of rounds (min–max)",
        "p10–p90 of the ratio",
    ]);
    for (variant, name) in NAMES.iter().enumerate() {
        let time = Stats::of(&times[variant]);
        let ratio = Stats::of(&ratios(&times[variant], &times[HAND]));
        let (ratio, spread) = if variant == HAND {
            ("1".to_owned(), "–".to_owned())
        } else {
            (ratio.show(3), format!("{:.3}–{:.3}", ratio.p10, ratio.p90))
        };
        table.row(&[
            (*name).to_owned(),
            time.show(1),
            format!("{:.1}–{:.1}", time.p10, time.p90),
            ratio,
            spread,
        ]);
    }
    println!("{rounds} rounds of each walk, alternated; every walk saw all {total} tasks.");
    println!();
    table.print();
}
