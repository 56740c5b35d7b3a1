//! The file objects of tasks as the API shows them: the source a task reads (`inputs`) and the
//! file a succeeded media task produces (`outputs`), with the settings and data a task of each
//! kind typically carries. Pure functions of the task's kind, id and options.

use serde_json::{Map, Value, json};

/// The delivery host of outputs: a reserved name, so no URL of the mock reaches a real server.
const CDN: &str = "https://cdn.ittybit.test";

/// What an output of `kind` is: (file extension, mimetype), or `None` for kinds with no file
/// (`conditions`).
fn output_type(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "image" => ("webp", "image/webp"),
        "audio" => ("mp3", "audio/mpeg"),
        "speech" | "subtitles" => ("vtt", "text/vtt"),
        "nsfw" | "summary" | "outline" | "chapters" => ("json", "application/json"),
        "conditions" => return None,
        // video, adaptive_video, ingest, upload, and kinds the mock does not know.
        _ => ("mp4", "video/mp4"),
    })
}

/// The source a caller gave by URL, as the task lists it after probing it.
pub(crate) fn input_file(url: &str) -> Value {
    let filename = url
        .rsplit('/')
        .next()
        .filter(|name| !name.is_empty())
        .unwrap_or("source");
    json!({"kind": "url", "url": url, "filename": filename})
}

/// The source of a seeded task of `kind` (seeds carry no URL): a file on example.com.
pub(crate) fn seeded_input(kind: &str, task_id: &str) -> Value {
    let extension = match kind {
        "image" => "jpg",
        "audio" | "speech" => "wav",
        _ => "mov",
    };
    let mut file = input_file(&format!("https://example.com/media/{task_id}.{extension}"));
    if let Value::Object(fields) = &mut file {
        let mimetype = match extension {
            "jpg" => "image/jpeg",
            "wav" => "audio/wav",
            _ => "video/quicktime",
        };
        fields.insert("mimetype".into(), mimetype.into());
        fields.insert("filesize".into(), 18_734_112.into());
    }
    file
}

/// The file a succeeded task of `kind` produced, sized by its `options` (`width`, `height`),
/// stored under an id derived from the task's; `None` for kinds that produce no file.
pub(crate) fn output_file(
    kind: &str,
    task_id: &str,
    options: &Map<String, Value>,
) -> Option<Value> {
    let (extension, mimetype) = output_type(kind)?;
    let id = format!("file_{}", task_id.trim_start_matches("task_"));
    let filename = format!("{kind}.{extension}");
    let mut file = json!({
        "kind": "internal",
        "id": id,
        "url": format!("{CDN}/{id}/{filename}"),
        "filename": filename,
        "mimetype": mimetype,
    });
    let size =
        |name: &str, default: u64| options.get(name).and_then(Value::as_u64).unwrap_or(default);
    let details = match mimetype {
        "video/mp4" => json!({
            "filesize": 4_382_921, "width": size("width", 1280), "height": size("height", 720),
            "duration": 31.4, "bitrate": 1_116_000, "framerate": 30,
            "codecs": {"video": {"name": "h264", "profile": "high", "level": "4.0"},
                       "audio": {"name": "aac", "sample_rate": 48_000, "channels": 2, "bitrate": 128_000}},
        }),
        "image/webp" => {
            json!({"filesize": 48_213, "width": size("width", 640), "height": size("height", 360)})
        }
        "audio/mpeg" => json!({
            "filesize": 502_912, "duration": 31.4, "bitrate": 128_000,
            "codecs": {"audio": {"name": "mp3", "sample_rate": 44_100, "channels": 2, "bitrate": 128_000}},
        }),
        _ => json!({"filesize": 2_048}),
    };
    if let (Value::Object(file), Value::Object(details)) = (&mut file, details) {
        file.extend(details);
    }
    Some(file)
}

/// The settings a seeded task of `kind` carries, as a caller would have set them.
pub(crate) fn seeded_options(kind: &str) -> Map<String, Value> {
    let options = match kind {
        "video" | "adaptive_video" => {
            json!({"width": 1280, "height": 720, "format": "mp4", "quality": "high"})
        }
        "image" => json!({"width": 640, "format": "webp", "quality": "high"}),
        "audio" => json!({"format": "mp3", "bitrate": 128_000}),
        _ => json!({}),
    };
    match options {
        Value::Object(options) => options,
        _ => Map::new(),
    }
}

/// The caller's data on a seeded task: two keys, one of them varying with the task.
pub(crate) fn seeded_metadata(task_id: &str) -> Map<String, Value> {
    let tail = task_id
        .get(task_id.len().saturating_sub(3)..)
        .unwrap_or(task_id);
    let mut metadata = Map::new();
    metadata.insert("customer".into(), format!("c_{tail}").into());
    metadata.insert("source".into(), "upload".into());
    metadata
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_follow_the_kind_and_the_options() {
        let mut options = Map::new();
        options.insert("width".into(), 1920.into());
        let video = output_file("video", "task_abc", &options).unwrap();
        assert_eq!(video["url"], "https://cdn.ittybit.test/file_abc/video.mp4");
        assert_eq!(
            (video["width"].clone(), video["height"].clone()),
            (1920.into(), 720.into())
        );
        assert_eq!(video["codecs"]["video"]["name"], "h264");
        let image = output_file("image", "task_abc", &Map::new()).unwrap();
        assert_eq!(image["mimetype"], "image/webp");
        assert!(image.get("duration").is_none());
        assert_eq!(
            output_file("subtitles", "task_x", &Map::new()).unwrap()["mimetype"],
            "text/vtt"
        );
        assert!(output_file("conditions", "task_x", &Map::new()).is_none());
    }

    #[test]
    fn inputs_name_their_file() {
        assert_eq!(
            input_file("https://example.com/a/b.mp4"),
            json!({"kind": "url", "url": "https://example.com/a/b.mp4", "filename": "b.mp4"})
        );
        assert_eq!(input_file("https://example.com/")["filename"], "source");
        assert_eq!(seeded_input("image", "task_1")["mimetype"], "image/jpeg");
    }
}
