//! A nested collection declared downstream with `#[resource]`, walked against the mock's
//! `GET /automations/{automation_id}/runs`.

mod common;

use ittybit::http::StatusCode;
use ittybit::{
    Automation, Error, ListParams, NewAutomation, RunAutomation, TaskStatus, WorkflowStep, resource,
};
use ittybit_mock::MockConfig;

/// A run, as listed under the automation that started it.
#[resource(path = "/automations/{automation_id}/runs")]
#[derive(Debug, serde::Deserialize)]
pub struct AutomationRun {
    /// The run id (`run_…`).
    pub id: String,
    /// Where the run is.
    pub status: TaskStatus,
}

#[tokio::test]
async fn the_runs_of_one_automation_are_walked_under_its_path() {
    let (_mock, client) = common::start(MockConfig::default()).await;
    let workflow = vec![WorkflowStep::new("video")];
    let mut automations = Vec::new();
    for name in ["first", "second"] {
        let automation = Automation::create(&client, &NewAutomation::new(name, workflow.clone()))
            .await
            .unwrap();
        automations.push(automation.id);
    }
    // Five runs of the first automation, one of the second.
    let mut started = Vec::new();
    for i in 0..5 {
        let url = format!("https://example.com/{i}.mp4");
        let run = Automation::run(&client, &automations[0], &RunAutomation::new(url))
            .await
            .unwrap();
        started.push(run.id);
    }
    Automation::run(
        &client,
        &automations[1],
        &RunAutomation::new("https://example.com/x.mp4"),
    )
    .await
    .unwrap();

    let mut walk = AutomationRun::stream(&client, &automations[0], &ListParams::new().limit(2));
    let mut seen = Vec::new();
    while let Some(run) = walk.try_next().await.unwrap() {
        seen.push(run.id);
    }
    started.reverse(); // newest first, the API's default order
    assert_eq!(
        seen, started,
        "every run of the first automation, once, in order"
    );

    let page = AutomationRun::list(&client, &automations[1], &ListParams::new())
        .await
        .unwrap();
    assert_eq!(page.len(), 1);

    let err = AutomationRun::list(&client, "auto_missing", &ListParams::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND), "{err}");
    let err = AutomationRun::list(&client, "..", &ListParams::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}
