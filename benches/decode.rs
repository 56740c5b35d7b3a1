//! Decode: one page of 100 tasks, as fetched from `ittybit-mock`, decoded through the runtime
//! (`Page::<Task>::decode(url, headers, bytes)`: the JSON plus the `Link`, `Has-More` and
//! `Limit` headers) versus `serde_json::from_slice::<Vec<PlainTask>>` on the same bytes, into
//! a plain struct of the documented fields as a user writes it (never the crate's types); and,
//! to split the difference, bare `serde_json::from_slice::<Vec<Task>>`.
//!
//! Criterion measures each side on its own; then an interleaved pass (a batch of each side in
//! turn, the order rotating) gives the ratios, with noise shared. Inputs are cloned and
//! outputs dropped outside the timed part on every side.
//!
//! `cargo bench -p ittybit --bench decode`

mod support;

use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use criterion::{BatchSize, Criterion, Throughput};
use ittybit::http::Url;
use ittybit::http::header::HeaderMap;
use ittybit::{Page, Task};
use ittybit_mock::{MockConfig, MockServer, TaskSeed};
use serde::de::DeserializeOwned;
use support::plain::PlainTask;
use support::{Stats, Table, ratios};

/// A list response as received.
struct Input {
    url: Url,
    headers: HeaderMap,
    body: Bytes,
}

/// Fetches `GET /tasks?limit=100` from a mock holding 1,000 tasks.
fn fetch() -> Input {
    let mock = MockServer::start_on_thread(MockConfig::default().seed_tasks(TaskSeed::many(1_000)));
    let url = Url::parse(&format!("{}/tasks?limit=100", mock.url())).expect("a URL");
    support::runtime().block_on(async {
        let response = reqwest::Client::new()
            .get(url.clone())
            .bearer_auth(mock.api_key())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("GET /tasks");
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("the body");
        Input { url, headers, body }
    })
}

/// Owned copies of the inputs, as `Page::decode` takes them.
fn owned_inputs(input: &Input) -> (Url, HeaderMap, Bytes) {
    (input.url.clone(), input.headers.clone(), input.body.clone())
}

fn criterion_pass(criterion: &mut Criterion, input: &Input) {
    let mut group = criterion.benchmark_group("decode a page of 100 tasks");
    group.throughput(Throughput::Bytes(input.body.len() as u64));
    group.bench_function("ittybit::Page::<Task>::decode", |b| {
        b.iter_batched(
            || owned_inputs(input),
            |(url, headers, body)| Page::<Task>::decode(url, headers, body).expect("a page"),
            BatchSize::SmallInput,
        );
    });
    group.bench_function("serde_json::from_slice::<Vec<PlainTask>>", |b| {
        b.iter_batched(
            || input.body.clone(),
            |body| serde_json::from_slice::<Vec<PlainTask>>(&body).expect("tasks"),
            BatchSize::SmallInput,
        );
    });
    group.bench_function("serde_json::from_slice::<Vec<Task>>", |b| {
        b.iter_batched(
            || input.body.clone(),
            |body| serde_json::from_slice::<Vec<Task>>(&body).expect("tasks"),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// Microseconds per decode of a batch of `batch` decodes through the runtime.
fn batch_runtime(input: &Input, batch: usize) -> f64 {
    let inputs: Vec<_> = (0..batch).map(|_| owned_inputs(input)).collect();
    let mut outputs = Vec::with_capacity(batch);
    let started = Instant::now();
    for (url, headers, body) in inputs {
        outputs.push(Page::<Task>::decode(url, headers, body).expect("a page"));
    }
    let elapsed = started.elapsed();
    black_box(&outputs);
    drop(outputs);
    per_item_us(elapsed, batch)
}

/// Microseconds per decode of a batch of `batch` bare `serde_json` decodes into `Vec<T>`.
fn batch_serde<T: DeserializeOwned>(input: &Input, batch: usize) -> f64 {
    let inputs: Vec<_> = (0..batch).map(|_| input.body.clone()).collect();
    let mut outputs = Vec::with_capacity(batch);
    let started = Instant::now();
    for body in &inputs {
        outputs.push(serde_json::from_slice::<Vec<T>>(body).expect("tasks"));
    }
    let elapsed = started.elapsed();
    black_box(&outputs);
    drop(outputs);
    per_item_us(elapsed, batch)
}

fn per_item_us(elapsed: std::time::Duration, batch: usize) -> f64 {
    elapsed.as_secs_f64() * 1e6 / f64::from(u32::try_from(batch).unwrap_or(u32::MAX))
}

/// The sides of the interleaved pass; the last is the comparator.
const SIDES: [&str; 3] = [
    "`ittybit::Page::<Task>::decode`",
    "`serde_json::from_slice::<Vec<ittybit::Task>>`",
    "`serde_json::from_slice::<Vec<PlainTask>>`",
];

fn batch(side: usize, input: &Input, batch: usize) -> f64 {
    match side {
        0 => batch_runtime(input, batch),
        1 => batch_serde::<Task>(input, batch),
        _ => batch_serde::<PlainTask>(input, batch),
    }
}

fn interleaved_pass(input: &Input) {
    let (rounds, per_batch) = if support::full_run() {
        (41, 200)
    } else {
        (1, 2)
    };
    for side in 0..SIDES.len() {
        batch(side, input, per_batch);
    }
    let mut samples: [Vec<f64>; SIDES.len()] = Default::default();
    for round in 0..rounds {
        for step in 0..SIDES.len() {
            let side = (round + step) % SIDES.len();
            samples[side].push(batch(side, input, per_batch));
        }
    }
    let plain = SIDES.len() - 1;
    let mut table = Table::new(&[
        "decode",
        "median µs per page (min–max)",
        "p10–p90 µs",
        "ratio to the plain struct: median of rounds (min–max)",
    ]);
    for (side, name) in SIDES.iter().enumerate() {
        let time = Stats::of(&samples[side]);
        let ratio = if side == plain {
            "1".to_owned()
        } else {
            Stats::of(&ratios(&samples[side], &samples[plain])).show(3)
        };
        table.row(&[
            (*name).to_owned(),
            time.show(1),
            format!("{:.1}–{:.1}", time.p10, time.p90),
            ratio,
        ]);
    }
    println!(
        "Interleaved: {rounds} rounds of {per_batch} decodes per side; page body {} bytes.",
        input.body.len()
    );
    println!();
    table.print();
}

fn main() {
    let input = fetch();
    let mut criterion = Criterion::default().configure_from_args();
    criterion_pass(&mut criterion, &input);
    criterion.final_summary();
    support::header(
        "Decode: a page of 100 tasks",
        "cargo bench -p ittybit --bench decode",
    );
    interleaved_pass(&input);
}
