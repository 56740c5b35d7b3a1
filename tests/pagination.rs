//! Walking thousands of items across pages against `ittybit-mock`: exact counts, no duplicates,
//! both orders, filters, faults, empty lists, resume.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use ittybit::prelude::*;
use ittybit::{ItemStream, ListParams, Order, PageStream, Task, TaskFilters, TaskKind, TaskStatus};
use ittybit_mock::{Fault, FaultSchedule, MockConfig, RetryAfter, TaskSeed};

const TOTAL: usize = 2_100;

async fn ids(stream: ItemStream<Task>) -> Vec<String> {
    stream.map_ok(|task| task.id).try_collect().await.unwrap()
}

fn assert_unique(ids: &[String]) {
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicates in the walk");
}

#[tokio::test]
async fn every_item_exactly_once_in_both_orders_with_and_without_prefetch() {
    let (mock, client) = common::start(MockConfig::default()).await;
    let seeded = mock.seed_tasks(TaskSeed::many(TOTAL));

    for depth in [0, 1, 4] {
        let asc = ids(
            Task::stream(&client, &ListParams::new().limit(100).order(Order::Asc)).prefetch(depth),
        )
        .await;
        assert_eq!(asc, seeded, "oldest first, prefetch {depth}");

        let desc = ids(Task::stream(&client, &ListParams::new().limit(100)).prefetch(depth)).await;
        let mut newest_first = seeded.clone();
        newest_first.reverse();
        assert_eq!(
            desc, newest_first,
            "newest first (the default), prefetch {depth}"
        );
    }

    // The default page size (20) walks the same items.
    let default = ids(Task::stream(&client, &ListParams::new().order(Order::Asc))).await;
    assert_eq!(default, seeded);
}

#[tokio::test]
async fn filters_apply_on_every_page() {
    let (mock, client) = common::start(MockConfig::default()).await;
    mock.seed_tasks(TaskSeed::many(TOTAL));
    // TaskSeed::many: kind cycles video/image/audio (i % 3), status cycles
    // succeeded/failed/processing/queued (i % 4).
    let expected = |kind: usize, status: usize| {
        (0..TOTAL)
            .filter(|i| i % 3 == kind && i % 4 == status)
            .count()
    };

    let failed = TaskFilters::new().status(TaskStatus::Failed);
    let tasks: Vec<Task> = Task::stream(&client, &ListParams::new().limit(100).filters(failed))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tasks.len(), TOTAL / 4);
    assert!(tasks.iter().all(|t| t.status == TaskStatus::Failed));

    let failed_images = TaskFilters::new()
        .status(TaskStatus::Failed)
        .kind(TaskKind::Image);
    let walked = ids(Task::stream(
        &client,
        &ListParams::new().limit(7).filters(failed_images),
    ))
    .await;
    assert_eq!(walked.len(), expected(1, 1));
    assert_unique(&walked);

    let none = TaskFilters::new().run_id("run_that_does_not_exist");
    assert!(
        ids(Task::stream(&client, &ListParams::new().filters(none)))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn walks_survive_injected_rate_limits_outages_and_proxy_errors() {
    let config = MockConfig::default()
        .fault(
            FaultSchedule::every(4),
            Fault::RateLimited {
                retry_after: RetryAfter::Seconds(0),
            },
        )
        .fault(FaultSchedule::every(5), Fault::Unavailable)
        .fault(FaultSchedule::every(7), Fault::BadGateway)
        .fault(FaultSchedule::fraction(0.05, 42), Fault::Unavailable);
    let mock = ittybit_mock::MockServer::start_with(config).await;
    // Up to three faults in a row by the schedules, more where the random ones land: allow
    // plenty of retries, as a client facing a flaky proxy would.
    let retry = ittybit::retry::RetryPolicy::default()
        .max_retries(10)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5));
    let client = common::builder(&mock).retry(retry).build().unwrap();
    let seeded = mock.seed_tasks(TaskSeed::many(TOTAL));

    let walked = ids(Task::stream(
        &client,
        &ListParams::new().limit(100).order(Order::Asc),
    ))
    .await;
    assert_eq!(walked, seeded);
    let faulted = mock.requests().iter().filter(|r| r.status >= 400).count();
    assert!(faulted >= 10, "the faults were really injected: {faulted}");
}

#[tokio::test]
async fn a_rate_capped_server_is_walked_completely() {
    let config = MockConfig::default().max_requests_per_second(40);
    let (mock, client) = common::start(config).await;
    let seeded = mock.seed_tasks(TaskSeed::many(1_000));
    let walked = ids(Task::stream(
        &client,
        &ListParams::new().limit(20).order(Order::Asc),
    ))
    .await;
    assert_eq!(walked, seeded);
}

#[tokio::test]
async fn a_walk_resumes_where_it_stopped() {
    let (mock, client) = common::start(MockConfig::default()).await;
    let seeded = mock.seed_tasks(TaskSeed::many(250));
    let params = ListParams::new().limit(30).order(Order::Asc);

    let mut stream = Task::stream(&client, &params);
    let mut walked = Vec::new();
    for _ in 0..100 {
        walked.push(stream.try_next().await.unwrap().unwrap().id);
    }
    let saved = stream.cursor().unwrap().to_string();
    drop(stream);

    let resumed = ItemStream::<Task>::resume(&client, &saved.parse().unwrap());
    walked.extend(ids(resumed).await);
    assert_eq!(walked, seeded);

    let mut pages = Task::pages(&client, &params);
    let first = pages.try_next().await.unwrap().unwrap();
    assert_eq!(first.len(), 30);
    let rest: Vec<usize> = PageStream::<Task>::resume(&client, &pages.cursor().unwrap())
        .map_ok(|page| page.len())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.iter().sum::<usize>(), 220);
}

#[tokio::test]
async fn after_and_before_select_a_window() {
    let (mock, client) = common::start(MockConfig::default()).await;
    let seeded = mock.seed_tasks(TaskSeed::many(50));
    let after = ids(Task::stream(
        &client,
        &ListParams::new().order(Order::Asc).after(&seeded[9]),
    ))
    .await;
    assert_eq!(after, seeded[10..]);
    let page = Task::list(
        &client,
        &ListParams::new()
            .order(Order::Asc)
            .before(&seeded[9])
            .limit(5),
    )
    .await
    .unwrap();
    let before: Vec<&str> = page.items().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        before,
        seeded[4..9].iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn the_blocking_iterator_walks_the_same_items() {
    let mock = ittybit_mock::MockServer::start_on_thread(MockConfig::default());
    let seeded = mock.seed_tasks(TaskSeed::many(450));
    let client = common::client(&mock);
    let walked: Vec<String> =
        Task::stream(&client, &ListParams::new().limit(100).order(Order::Asc))
            .blocking()
            .map(|task| task.unwrap().id)
            .collect();
    assert_eq!(walked, seeded);
}

#[tokio::test]
async fn latency_does_not_change_the_result() {
    let config = MockConfig::default().latency(Duration::from_millis(2));
    let (mock, client) = common::start(config).await;
    let seeded = mock.seed_tasks(TaskSeed::many(300));
    let walked =
        ids(Task::stream(&client, &ListParams::new().limit(50).order(Order::Asc)).prefetch(2))
            .await;
    assert_eq!(walked, seeded);
}
