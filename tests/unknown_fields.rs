//! Fields this version does not know are kept: every shipped resource decodes them into its
//! `extra` field, in the same single pass as the known ones, and writes them back inline.

use bytes::Bytes;
use ittybit::http::Url;
use ittybit::http::header::HeaderMap;
use ittybit::{Automation, Event, Key, Page, Run, Task, WebhookEndpoint};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A task as the API sends it, plus `unknown` fields a later version might add.
fn task(id: &str, unknown: &Value) -> Value {
    let mut task = json!({
        "id": id, "object": "task", "kind": "video", "status": "succeeded",
        "run_id": null, "parent_id": null, "progress": 100.0,
        "options": {"width": 1280}, "inputs": [], "outputs": [{"url": "https://x/a.mp4"}],
        "metadata": {"customer": "c_1"}, "error": null, "created_at": 1, "started_at": 2,
        "finished_at": 3, "updated_at": 3,
    });
    for (key, value) in unknown.as_object().expect("an object") {
        task[key] = value.clone();
    }
    task
}

#[test]
fn a_page_with_unknown_fields_keeps_them() {
    let unknown = json!({"priority": 3, "labels": ["a", "b"], "billing": {"credits": 1.5}});
    let body = json!([task("task_1", &unknown), task("task_2", &json!({}))]);
    let page = Page::<Task>::decode(
        Url::parse("http://127.0.0.1:1/tasks?limit=2").unwrap(),
        HeaderMap::new(),
        Bytes::from(serde_json::to_vec(&body).unwrap()),
    )
    .unwrap();

    let [first, second] = page.items() else {
        panic!("two tasks: {:?}", page.items());
    };
    assert_eq!(Value::Object(first.extra.clone()), unknown);
    assert_eq!(first.options["width"], 1280);
    assert_eq!(first.metadata["customer"], "c_1");
    assert!(second.extra.is_empty(), "{:?}", second.extra);
    // Written back, each task is the object it was decoded from.
    assert_eq!(serde_json::to_value(page.items()).unwrap(), body);
}

/// Decodes `json` as `T` and writes it back: the unknown field must survive both ways.
fn round_trip<T: DeserializeOwned + Serialize>(mut json: Value) {
    json["field_from_the_future"] = json!({"nested": [1, null, "x"]});
    let value: T = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
}

#[test]
fn every_shipped_resource_round_trips_unknown_fields() {
    round_trip::<Task>(task("task_1", &json!({})));
    round_trip::<Run>(json!({
        "id": "run_1", "object": "run", "status": "processing", "progress": null,
        "tasks": [{"id": "task_1", "kind": "image", "status": "queued", "progress": null}],
        "metadata": {}, "error": null, "created_by": "key_1", "created_at": 1,
        "started_at": null, "finished_at": null, "updated_at": null,
    }));
    round_trip::<Event>(json!({
        "id": "evt_1", "object": "event", "kind": "task.created",
        "data": task("task_1", &json!({"from_the_future_too": true})), "created_at": 1,
    }));
    round_trip::<Key>(json!({
        "id": "key_1", "object": "key", "name": "ci", "status": "active", "created_at": 1,
        "updated_at": null,
    }));
    round_trip::<WebhookEndpoint>(json!({
        "id": "whe_1", "object": "webhook_endpoint", "url": "https://example.com/hook",
        "topics": ["task.failed", "task.archived"], "status": "active", "created_at": 1,
        "updated_at": 2,
    }));
    round_trip::<Automation>(json!({
        "id": "auto_1", "object": "automation", "name": "thumbs", "description": null,
        "workflow": [{"kind": "image", "ref": "thumb", "width": 320, "next": [{"kind": "video", "fps": 30}]}],
        "status": "paused", "created_at": 1, "updated_at": null,
    }));
}

#[test]
fn unknown_fields_in_a_nested_workflow_step_are_kept_where_they_were() {
    let automation: Automation = serde_json::from_value(json!({
        "id": "auto_1", "status": "active", "created_at": 1,
        "workflow": [{"kind": "image", "width": 320, "next": [{"kind": "video", "fps": 30}]}],
    }))
    .unwrap();
    let step = &automation.workflow[0];
    assert_eq!(step.extra["width"], 320);
    assert_eq!(step.next[0].extra["fps"], 30);
    assert!(automation.extra.is_empty());
}

#[test]
fn a_resource_with_a_bad_known_field_is_an_error_naming_it() {
    let error = serde_json::from_value::<Task>(json!({
        "id": "task_1", "kind": "video", "status": "queued", "created_at": "yesterday",
    }))
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected a time in Unix seconds"),
        "{error}"
    );
    let error = serde_json::from_value::<Task>(json!({"id": "task_1", "kind": "video"}))
        .unwrap_err()
        .to_string();
    assert_eq!(error, "missing field `status`");
}
