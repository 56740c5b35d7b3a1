//! The shipped model against the API's documented objects (`ittybit-api.md`): every resource
//! decodes its example, encodes back to the same JSON (numbers compared by value: `30` and
//! `30.0` are one frame rate), keeps the fields it does not know, and types what a user came
//! for (files, errors, times).

use ittybit::{
    Automation, Event, EventData, EventKind, FileKind, Key, MediaFile, Run, Task, TaskError,
    TaskErrorKind, TaskStatus, Timestamp, WebhookEndpoint,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The documented file object.
fn file_example() -> Value {
    json!({"kind":"internal","id":"file_abcdefgh12345678","url":"https://cdn.ittybit.net/abc/video.mp4",
     "filename":"video.mp4","filesize":4_382_921,"mimetype":"video/mp4","width":1280,"height":720,
     "duration":31.4,"bitrate":1_116_000,"framerate":30,
     "codecs":{"video":{"name":"h264","profile":"high","level":"4.0"},
               "audio":{"name":"aac","sample_rate":48000,"channels":2,"bitrate":128_000}}})
}

/// The documented task, with the documented file object as its output and a source input.
fn task_example() -> Value {
    json!({"id":"task_abcdefgh12345678","object":"task","kind":"video","status":"succeeded",
     "run_id":"run_abcdefgh12345678","parent_id":null,"progress":100,
     "options":{"width":1280,"height":720,"format":"mp4","quality":"high"},
     "inputs":[{"kind":"url","url":"https://example.com/source.mov"}],"outputs":[file_example()],
     "metadata":{"customer":"c_42"},"error":null,
     "created_at":1_735_689_825,"started_at":1_735_689_830,"finished_at":1_735_689_886,"updated_at":1_735_689_886})
}

/// Whether two JSON values are the same, numbers compared by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Decodes `json` as `T`, encodes it again, and checks nothing was lost or added.
fn round_trip<T: DeserializeOwned + Serialize>(json: &Value) -> T {
    let decoded: T = serde_json::from_value(json.clone()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert!(same(&encoded, json), "\n  sent: {json}\n  back: {encoded}");
    decoded
}

#[test]
fn the_documented_task_round_trips_with_typed_files() {
    let task: Task = round_trip(&task_example());
    assert_eq!(task.status, TaskStatus::Succeeded);
    assert_eq!(task.created_at, Timestamp::from_unix_seconds(1_735_689_825));
    assert_eq!(
        task.finished_at.map(|t| t.to_string()).as_deref(),
        Some("2025-01-01T00:04:46Z")
    );
    assert_eq!(task.inputs[0].kind, Some(FileKind::Url));
    let output = task
        .output()
        .expect("a succeeded video task has its output");
    assert_eq!(output.kind, Some(FileKind::Internal));
    assert_eq!(output.url, "https://cdn.ittybit.net/abc/video.mp4");
    assert_eq!(output.filesize, Some(4_382_921));
    assert_eq!((output.width, output.height), (Some(1280), Some(720)));
    assert_eq!(output.duration, Some(31.4));
    assert_eq!(output.framerate, Some(30.0));
    let codecs = output.codecs.as_ref().expect("codecs");
    assert_eq!(
        codecs.video.as_ref().map(|v| v.level.as_deref()),
        Some(Some("4.0"))
    );
    assert_eq!(
        codecs.audio.as_ref().and_then(|a| a.sample_rate),
        Some(48_000)
    );
}

#[test]
fn a_failed_task_has_a_typed_error_that_reads_as_one_line() {
    let mut json = task_example();
    json["status"] = json!("failed");
    json["outputs"] = json!([]);
    json["error"] = json!({"kind":"processing_failed","message":"Decoder failed at frame 1184"});
    let task: Task = round_trip(&json);
    let error = task.error.clone().expect("a failed task has its error");
    assert_eq!(error.kind, Some(TaskErrorKind::ProcessingFailed));
    assert_eq!(
        error.to_string(),
        "processing_failed: Decoder failed at frame 1184"
    );
    assert!(task.output().is_none());

    // A bare string is a message with no kind; an unknown kind is kept.
    json["error"] = json!("Source unreachable");
    let task: Task = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        task.error,
        Some(TaskError {
            kind: None,
            message: "Source unreachable".into(),
            extra: ittybit::JsonObject::new()
        })
    );
    json["error"] = json!({"kind":"gpu_on_fire","message":"Hot.","frame":1184});
    let task: Task = round_trip(&json);
    let error = task.error.unwrap();
    assert_eq!(error.kind, Some(TaskErrorKind::Other("gpu_on_fire".into())));
    assert_eq!(error.extra["frame"], 1184);
}

#[test]
fn the_older_singular_input_and_output_shape_decodes() {
    let mut json = task_example();
    let object = json.as_object_mut().unwrap();
    object.remove("inputs");
    object.remove("outputs");
    object.insert(
        "input".into(),
        json!({"kind":"url","url":"https://example.com/a.mov"}),
    );
    object.insert("output".into(), file_example());
    let task: Task = serde_json::from_value(json).unwrap();
    assert_eq!(task.inputs.len(), 1);
    assert_eq!(task.inputs[0].url, "https://example.com/a.mov");
    assert_eq!(task.output().map(|f| f.filesize), Some(Some(4_382_921)));
    // It is written back in the current shape.
    let back = serde_json::to_value(&task).unwrap();
    assert!(same(&back["outputs"], &json!([file_example()])), "{back}");
    assert!(back.get("output").is_none());

    // `null` and absence are an empty list.
    let bare = json!({"id":"task_1","kind":"video","status":"queued","created_at":1,"inputs":null});
    let task: Task = serde_json::from_value(bare).unwrap();
    assert!(task.inputs.is_empty() && task.outputs.is_empty());
    // Anything else is an error naming what was expected.
    let bad = json!({"id":"task_1","kind":"video","status":"queued","created_at":1,"outputs":"x"});
    let err = serde_json::from_value::<Task>(bad).unwrap_err().to_string();
    assert!(
        err.contains("an array of file objects or one file object"),
        "{err}"
    );
}

#[test]
fn unknown_fields_survive_everywhere() {
    let mut json = task_example();
    json["priority"] = json!(3);
    json["ready"] = json!(true);
    json["outputs"][0]["checksum"] = json!("sha256:abc");
    json["outputs"][0]["codecs"]["video"]["hdr"] = json!("hlg");
    json["outputs"][0]["codecs"]["subtitles"] = json!({"name":"webvtt"});
    json["status"] = json!("ready");
    let task: Task = round_trip(&json);
    assert_eq!(task.status, TaskStatus::Other("ready".into()));
    assert_eq!(task.extra["priority"], 3);
    let output: &MediaFile = task.output().unwrap();
    assert_eq!(output.extra["checksum"], "sha256:abc");
    let codecs = output.codecs.as_ref().unwrap();
    assert_eq!(codecs.extra["subtitles"]["name"], "webvtt");
    assert_eq!(codecs.video.as_ref().unwrap().extra["hdr"], "hlg");
}

#[test]
fn the_documented_run_round_trips() {
    let json = json!({"id":"run_abcdefgh12345678","object":"run","status":"failed","progress":50,
        "tasks":[{"id":"task_abcdefgh12345678","kind":"video","status":"failed","progress":50}],
        "metadata":{"batch":"b_7"},
        "error":{"kind":"task_failed","message":"The task `task_abcdefgh12345678` failed."},
        "created_by":"key_abcdefgh12345678","created_at":1_735_689_825,"started_at":1_735_689_830,
        "finished_at":1_735_689_886,"updated_at":1_735_689_886});
    let run: Run = round_trip(&json);
    assert_eq!(run.tasks[0].status, TaskStatus::Failed);
    assert_eq!(
        run.error.map(|e| e.kind),
        Some(Some(TaskErrorKind::TaskFailed))
    );
}

#[test]
fn events_carry_the_snapshot_their_kind_names() {
    let json = json!({"id":"evt_abcdefgh12345678","object":"event","kind":"task.succeeded",
        "data":task_example(),"created_at":1_735_689_886});
    let event: Event = round_trip(&json);
    assert_eq!(event.kind, EventKind::TaskSucceeded);
    assert_eq!(
        event.task().and_then(Task::output).map(|f| f.url.as_str()),
        Some("https://cdn.ittybit.net/abc/video.mp4")
    );

    let run = json!({"id":"evt_2","object":"event","kind":"run.created","created_at":1,
        "data":{"id":"run_1","object":"run","status":"queued","progress":0,"tasks":[],"metadata":{},
                "error":null,"created_by":null,"created_at":1,"started_at":null,"finished_at":null,"updated_at":1}});
    let event: Event = round_trip(&run);
    assert_eq!(event.run().map(|r| r.id.as_str()), Some("run_1"));
    assert!(event.task().is_none());

    // A kind this version does not know keeps its data as sent, whatever it holds.
    let other = json!({"id":"evt_3","object":"event","kind":"file.created","created_at":1,
        "data":{"id":"file_1","tasks":"not a list"}});
    let event: Event = round_trip(&other);
    assert_eq!(event.data, EventData::Other(other["data"].clone()));
}

#[test]
fn endpoints_keys_and_automations_round_trip() {
    let endpoint = json!({"id":"we_abcdefgh12345678","object":"webhook_endpoint",
        "url":"https://example.com/hooks","topics":["task.succeeded","task.failed"],"status":"active",
        "created_at":1_735_689_825,"updated_at":1_735_689_825});
    let endpoint: WebhookEndpoint = round_trip(&endpoint);
    assert_eq!(
        endpoint.topics,
        [EventKind::TaskSucceeded, EventKind::TaskFailed]
    );

    let key = json!({"id":"key_abcdefgh12345678","object":"key","name":"ci","status":"active",
        "created_at":1_735_689_825,"updated_at":1_735_689_825});
    let key: Key = round_trip(&key);
    assert_eq!(key.name.as_deref(), Some("ci"));

    let automation = json!({"id":"auto_abcdefgh12345678","object":"automation","name":"Encode",
        "description":"Every upload to 720p","status":"active",
        "workflow":[{"kind":"conditions","conditions":[{"prop":"duration","value":60}],
                     "next":[{"kind":"video","ref":"720p","width":1280}]}],
        "created_at":1_735_689_825,"updated_at":1_735_689_825});
    let automation: Automation = round_trip(&automation);
    assert_eq!(automation.workflow[0].next[0].extra["width"], 1280);
}
