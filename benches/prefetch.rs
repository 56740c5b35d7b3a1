//! Prefetch: the 20,000-task walk at `limit=100` with 5 ms of server latency per request and
//! 5 ms of consumer work per page (an async sleep after every 100 items): the generated stream
//! with prefetch off and at the default depth, and the hand-written loop, alternated round by
//! round.
//!
//! `cargo bench -p ittybit --bench prefetch`

mod support;

use std::time::Duration;

use ittybit_mock::{MockConfig, MockServer, TaskSeed};
use support::walks::{self, Consumer};
use support::{Stats, Table, ms, ratios};

const TOTAL: usize = 20_000;
const ROUNDS: usize = 7;
const LATENCY: Duration = Duration::from_millis(5);
const WORK: Duration = Duration::from_millis(5);

fn main() {
    let (total, rounds) = if support::full_run() {
        (TOTAL, ROUNDS)
    } else {
        (300, 1)
    };
    support::header(
        &format!(
            "Prefetch: walking {total} tasks at limit=100, {} ms server latency, {} ms work per page",
            LATENCY.as_millis(),
            WORK.as_millis()
        ),
        "cargo bench -p ittybit --bench prefetch",
    );
    let mock = MockServer::start_on_thread(
        MockConfig::default()
            .latency(LATENCY)
            .seed_tasks(TaskSeed::many(total)),
    );
    let runtime = support::runtime();
    let client = walks::client(&mock.url(), mock.api_key());
    let http = reqwest::Client::new();
    let consumer = Consumer {
        work_per_page: WORK,
    };

    let names = [
        "generated, prefetch 0",
        "generated, default prefetch (1)",
        "hand-written reqwest + serde_json into `PlainTask`",
    ];
    let walk = |variant: usize| {
        runtime.block_on(async {
            match variant {
                0 => walks::generated(&client, Some(0), consumer).await,
                1 => walks::generated(&client, None, consumer).await,
                _ => walks::hand_written(&http, &mock.url(), mock.api_key(), consumer).await,
            }
        })
    };

    for (variant, name) in names.iter().enumerate() {
        assert_eq!(walk(variant).0, total, "{name}");
    }
    let mut times: [Vec<f64>; 3] = Default::default();
    for round in 0..rounds {
        for step in 0..names.len() {
            let variant = (round + step) % names.len();
            let (seen, elapsed) = walk(variant);
            assert_eq!(seen, total, "{}", names[variant]);
            times[variant].push(ms(elapsed));
        }
    }

    let pages = total.div_ceil(100);
    let mut table = Table::new(&[
        "walk",
        "median ms (min–max)",
        "ms per page",
        "ratio to hand-written: median of rounds (min–max)",
        "p10–p90 of the ratio",
    ]);
    for (variant, name) in names.iter().enumerate() {
        let time = Stats::of(&times[variant]);
        let ratio = Stats::of(&ratios(&times[variant], &times[2]));
        table.row(&[
            (*name).to_owned(),
            time.show(0),
            format!(
                "{:.2}",
                time.median / f64::from(u32::try_from(pages).unwrap_or(u32::MAX))
            ),
            if variant == 2 {
                "1".to_owned()
            } else {
                ratio.show(3)
            },
            if variant == 2 {
                "–".to_owned()
            } else {
                format!("{:.3}–{:.3}", ratio.p10, ratio.p90)
            },
        ]);
    }
    println!(
        "{rounds} rounds of each walk, alternated; {pages} pages per walk. Nominal times: \
         {pages} × max(latency, work) = {} ms when fetching and working overlap fully, \
         {pages} × (latency + work) = {} ms when they do not (tokio's millisecond timer makes \
         each sleep a little longer).",
        pages * usize::try_from(LATENCY.max(WORK).as_millis()).unwrap_or(0),
        pages * usize::try_from((LATENCY + WORK).as_millis()).unwrap_or(0),
    );
    println!();
    table.print();
}
