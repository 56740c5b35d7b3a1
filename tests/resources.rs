//! Every resource and operation of the API, end to end against `ittybit-mock` over HTTP.

mod common;

use std::time::Duration;

use ittybit::http::StatusCode;
use ittybit::prelude::*;
use ittybit::wait::{Lifecycle, WaitOptions};
use ittybit::{
    Automation, AutomationStatus, AutomationUpdate, Client, Event, EventFilters, EventKind, Key,
    ListParams, NewAutomation, NewKey, NewRun, NewTask, NewWebhookEndpoint, Order, Run,
    RunAutomation, RunFilters, RunStep, Task, TaskFilters, TaskKind, TaskStatus, WebhookEndpoint,
    WebhookEndpointStatus, WebhookEndpointUpdate, WorkflowStep,
};
use ittybit_mock::MockConfig;

fn quick() -> WaitOptions {
    WaitOptions::default()
        .initial_interval(Duration::from_millis(1))
        .max_interval(Duration::from_millis(5))
        .deadline(Duration::from_secs(30))
}

async fn all<T: ittybit::Resource>(stream: ittybit::ItemStream<T>) -> Vec<T> {
    stream.try_collect().await.unwrap()
}

#[tokio::test]
async fn tasks_are_created_read_listed_and_finish() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let body = NewTask::new("https://example.com/a.mp4", TaskKind::Video)
        .option("width", 1280)
        .metadata("customer", "c_1");
    let created = Task::create(&client, &body).send().await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let task = created.into_value();
    assert!(task.id.starts_with("task_"), "{}", task.id);
    assert_eq!(task.object, "task");
    assert_eq!(task.kind, TaskKind::Video);
    assert_eq!(task.options["width"], 1280);
    assert_eq!(task.metadata["customer"], "c_1");
    assert!(task.created_at.unix_seconds() > 1_700_000_000);

    let read = Task::get(&client, &task.id).await.unwrap();
    assert_eq!(read.id, task.id);

    let done = Task::wait_until_done(&client, &task.id, &quick())
        .await
        .unwrap();
    assert_eq!(done.status, TaskStatus::Succeeded);
    assert_eq!(done.progress, Some(100.0));
    assert!(done.finished_at.is_some());

    let failing = Task::create(
        &client,
        &NewTask::new("https://example.com/fail.mp4", TaskKind::Audio),
    )
    .await
    .unwrap();
    let failed = Task::wait_until_done(&client, &failing.id, &quick())
        .await
        .unwrap();
    assert_eq!(failed.status, TaskStatus::Failed);
    assert!(failed.error.is_some());

    let page = Task::list(&client, &ListParams::new().limit(1))
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page.items()[0].id, failing.id, "newest first");
    assert_eq!(page.has_more(), Some(true));
    assert_eq!(page.limit(), Some(1));

    let listed = all(Task::stream(&client, &ListParams::new().order(Order::Asc))).await;
    let ids: Vec<&str> = listed.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, [task.id.as_str(), failing.id.as_str()]);
}

#[tokio::test]
async fn waiting_gives_up_at_the_deadline_with_the_last_status() {
    let (_mock, client) =
        common::start(MockConfig::default().advance(ittybit_mock::Advance::Never)).await;
    let task = Task::create(
        &client,
        &NewTask::new("https://example.com/a.mp4", TaskKind::Video),
    )
    .await
    .unwrap();
    let options = quick().deadline(Duration::from_millis(30));
    let err = Task::wait_until_done(&client, &task.id, &options)
        .await
        .unwrap_err();
    let ittybit::Error::Deadline(deadline) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(deadline.last_status(), Some(task.status.as_str()));
    assert!(
        err.to_string()
            .contains(&format!("/tasks/{} did not finish", task.id)),
        "{err}"
    );
}

#[tokio::test]
async fn runs_hold_their_tasks_and_finish() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let body = NewRun::new(vec![
        RunStep::new(TaskKind::Ingest).then(RunStep::new(TaskKind::Video).option("width", 720)),
        RunStep::new(TaskKind::Image),
    ]);
    let created = Run::create(&client, &body).send().await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let run = created.into_value();
    assert!(run.id.starts_with("run_"));
    assert_eq!(run.tasks.len(), 3);

    let done = Run::wait_until_done(&client, &run.id, &quick())
        .await
        .unwrap();
    assert_eq!(done.status, TaskStatus::Succeeded);
    assert!(done.tasks.iter().all(|t| t.status == TaskStatus::Succeeded));

    let of_run = all(Task::stream(
        &client,
        &ListParams::new().filters(TaskFilters::new().run_id(&run.id)),
    ))
    .await;
    assert_eq!(of_run.len(), 3);
    assert!(
        of_run
            .iter()
            .all(|t| t.run_id.as_deref() == Some(run.id.as_str()))
    );
    let children: Vec<_> = of_run.iter().filter(|t| t.parent_id.is_some()).collect();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].kind, TaskKind::Video);

    let succeeded = all(Run::stream(
        &client,
        &ListParams::new().filters(RunFilters::new().status(TaskStatus::Succeeded)),
    ))
    .await;
    assert_eq!(succeeded.len(), 1);
    let queued = Run::list(
        &client,
        &ListParams::new().filters(RunFilters::new().status(TaskStatus::Queued)),
    )
    .await
    .unwrap();
    assert!(queued.is_empty());
    assert_eq!(Run::get(&client, &run.id).await.unwrap().id, run.id);
}

#[tokio::test]
async fn events_record_what_happened() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let empty = Event::list(&client, &ListParams::new()).await.unwrap();
    assert!(empty.is_empty(), "no events yet");
    assert!(
        all(Event::stream(&client, &ListParams::new()))
            .await
            .is_empty()
    );

    let task = Task::create(
        &client,
        &NewTask::new("https://example.com/a.mp4", TaskKind::Video),
    )
    .await
    .unwrap();
    Task::wait_until_done(&client, &task.id, &quick())
        .await
        .unwrap();

    let events = all(Event::stream(&client, &ListParams::new().order(Order::Asc))).await;
    assert!(events.iter().all(|e| e.id.starts_with("evt_")));
    // A task is created in a run of its own: both are reported, oldest first.
    let task_kinds: Vec<&EventKind> = events
        .iter()
        .map(|e| &e.kind)
        .filter(|k| k.is_task())
        .collect();
    assert_eq!(task_kinds.first(), Some(&&EventKind::TaskCreated));
    assert_eq!(task_kinds.last(), Some(&&EventKind::TaskSucceeded));
    assert!(events.iter().any(|e| e.kind == EventKind::RunCreated));

    let succeeded = all(Event::stream(
        &client,
        &ListParams::new().filters(EventFilters::new().kind(EventKind::TaskSucceeded)),
    ))
    .await;
    assert_eq!(succeeded.len(), 1);
    let event = Event::get(&client, &succeeded[0].id).await.unwrap();
    let snapshot = event.task().expect("a task event").clone();
    assert_eq!(snapshot.id, task.id);
    assert_eq!(snapshot.status, TaskStatus::Succeeded);
    assert!(event.run().is_none());
}

#[tokio::test]
async fn webhook_endpoints_are_created_updated_and_deleted() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let body = NewWebhookEndpoint::new(
        "https://hooks.example.com/ittybit",
        vec![EventKind::TaskSucceeded],
    );
    let endpoint = WebhookEndpoint::create(&client, &body).await.unwrap();
    assert!(endpoint.id.starts_with("we_"));
    assert_eq!(endpoint.status, WebhookEndpointStatus::Active);
    assert_eq!(endpoint.topics, [EventKind::TaskSucceeded]);

    let update = WebhookEndpointUpdate {
        topics: Some(vec![EventKind::TaskFailed, EventKind::RunFailed]),
        ..WebhookEndpointUpdate::default()
    };
    let updated = WebhookEndpoint::update(&client, &endpoint.id, &update)
        .await
        .unwrap();
    assert_eq!(
        updated.topics,
        [EventKind::TaskFailed, EventKind::RunFailed]
    );
    assert_eq!(updated.url, endpoint.url);
    assert_eq!(
        WebhookEndpoint::get(&client, &endpoint.id).await.unwrap(),
        updated
    );
    assert_eq!(
        all(WebhookEndpoint::stream(&client, &ListParams::new())).await,
        [updated]
    );

    let deleted = WebhookEndpoint::delete(&client, &endpoint.id)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
    let err = WebhookEndpoint::get(&client, &endpoint.id)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND), "{err}");

    let insecure =
        NewWebhookEndpoint::new("http://hooks.example.com", vec![EventKind::TaskCreated]);
    let err = WebhookEndpoint::create(&client, &insecure)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err}");
    assert!(err.to_string().contains("url"), "{err}");
}

#[tokio::test]
async fn keys_show_their_secret_once_authenticate_and_are_revoked() {
    let (mock, client) = common::start(MockConfig::default()).await;
    let key = Key::create(&client, &NewKey::named("ci")).await.unwrap();
    assert!(key.id.starts_with("key_"));
    let secret = key.secret.clone().expect("the secret, once");
    assert!(
        !format!("{key:?}").contains(secret.expose()),
        "Debug redacts the secret"
    );

    let listed = all(Key::stream(&client, &ListParams::new())).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, key.id);
    assert!(listed[0].secret.is_none(), "never shown again");

    let with_new_key = Client::builder()
        .api_key(secret.expose())
        .base_url(mock.url())
        .build()
        .unwrap();
    Task::list(&with_new_key, &ListParams::new()).await.unwrap();

    Key::delete(&client, &key.id).await.unwrap();
    let err = Task::list(&with_new_key, &ListParams::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED), "{err}");
    assert_eq!(
        err.api_kind(),
        Some(&ittybit::error::ApiErrorKind::TokenInvalid)
    );
}

#[tokio::test]
async fn automations_are_managed_and_run() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let workflow = vec![WorkflowStep::new("ingest").then(WorkflowStep::new("video"))];
    let automation = Automation::create(&client, &NewAutomation::new("encode uploads", workflow))
        .await
        .unwrap();
    assert!(automation.id.starts_with("auto_"));
    assert_eq!(automation.workflow[0].next[0].kind, "video");

    let update = AutomationUpdate {
        status: Some(AutomationStatus::Paused),
        description: Some("paused for now".into()),
        ..AutomationUpdate::default()
    };
    let updated = Automation::update(&client, &automation.id, &update)
        .await
        .unwrap();
    assert_eq!(updated.status, AutomationStatus::Paused);
    assert_eq!(updated.name.as_deref(), Some("encode uploads"));
    assert_eq!(
        Automation::get(&client, &automation.id).await.unwrap(),
        updated
    );
    assert_eq!(
        all(Automation::stream(&client, &ListParams::new()))
            .await
            .len(),
        1
    );

    let run = Automation::run(
        &client,
        &automation.id,
        &RunAutomation::new("https://example.com/b.mp4"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(run.status().as_u16(), 201);
    let run: Run = run.into_value();
    assert!(run.id.starts_with("run_"));
    assert_eq!(run.tasks.len(), 2);

    Automation::delete(&client, &automation.id).await.unwrap();
    let err = Automation::get(&client, &automation.id).await.unwrap_err();
    assert_eq!(
        err.api_kind(),
        Some(&ittybit::error::ApiErrorKind::AutomationNotFound)
    );
}
