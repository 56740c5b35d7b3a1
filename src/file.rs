//! File objects: the media a task reads (`inputs`) and produces (`outputs`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::JsonObject;

ittybit_runtime::open_enum! {
    /// Where a file lives.
    pub enum FileKind {
        /// A source the caller gave by URL.
        Url = "url",
        /// A file stored by Ittybit (its id is `file_…`).
        Internal = "internal",
    }
}

/// A media file, a task's input or output. Every field but `url` is optional; unknown fields
/// are kept in [`extra`](Self::extra).
///
/// ```
/// let file: ittybit::MediaFile = serde_json::from_str(r#"{"kind":"internal",
///     "id":"file_abcdefgh12345678","url":"https://cdn.ittybit.net/video.mp4",
///     "mimetype":"video/mp4","filesize":4382921,"width":1280,"height":720,"duration":31.4,
///     "codecs":{"video":{"name":"h264","profile":"high","level":"4.0"}}}"#)?;
/// assert_eq!(file.url, "https://cdn.ittybit.net/video.mp4");
/// assert_eq!((file.width, file.height), (Some(1280), Some(720)));
/// assert_eq!(file.codecs.and_then(|c| c.video).map(|v| v.name), Some("h264".to_owned()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaFile {
    /// `url` for a source the caller gave, `internal` for a file Ittybit stores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<FileKind>,
    /// The file id (`file_…`), for internal files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The source URL, or the delivery URL of an output.
    pub url: String,
    /// The file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// The size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filesize: Option<u64>,
    /// The media type, e.g. `video/mp4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimetype: Option<String>,
    /// The width in pixels (visual media).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// The height in pixels (visual media).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The duration in seconds (audio and video).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// Bits per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<u64>,
    /// Frames per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framerate: Option<f64>,
    /// The codecs of the streams in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codecs: Option<Codecs>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The codecs of a file's streams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Codecs {
    /// The video stream's codec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<VideoCodec>,
    /// The audio stream's codec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioCodec>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A video stream's codec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoCodec {
    /// The codec, e.g. `h264`.
    pub name: String,
    /// The profile, e.g. `high`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The level, e.g. `4.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// An audio stream's codec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudioCodec {
    /// The codec, e.g. `aac`.
    pub name: String,
    /// Samples per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<u32>,
    /// The number of channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<u32>,
    /// Bits per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<u64>,
    /// Fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A list older examples send as one object (`"input": {…}`): an array, an object or `null`.
pub(crate) fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct OneOrMany<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrMany<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of file objects or one file object")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<T>, A::Error> {
            Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(|one| vec![one])
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
    }

    deserializer.deserialize_any(OneOrMany(PhantomData))
}
