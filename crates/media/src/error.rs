//! The one error type of the media path.

use thiserror::Error;

/// Why a recording could not be turned into PCM.
///
/// Messages name the format or codec but never echo the recording's content, so they are
/// safe to log and to show to a reviewer.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum MediaError {
    /// The container was not recognised (or is one we do not accept).
    #[error("unsupported container{}", hint_suffix(.content_type))]
    UnsupportedContainer {
        /// The declared content type, if the caller gave one.
        content_type: Option<String>,
    },
    /// The container holds no audio track.
    #[error("the recording has no audio track")]
    NoAudioTrack,
    /// The audio track uses a codec we cannot decode.
    #[error("unsupported audio codec: {codec}")]
    UnsupportedCodec {
        /// Human-readable codec name (e.g. "flac", "vorbis", "opus with 6 channels").
        codec: String,
    },
    /// The data is damaged or cut off in a place we cannot read past.
    #[error("corrupt or truncated media: {detail}")]
    Corrupt {
        /// What went wrong, in terms of the format (no user content).
        detail: String,
    },
    /// The recording decoded to no (or next to no) audio.
    #[error("the recording contains no audio")]
    Empty,
    /// The recording is longer than the configured maximum.
    #[error("the recording is longer than the maximum of {max_s:.0} s")]
    TooLong {
        /// The limit in force, in seconds.
        max_s: f64,
    },
}

fn hint_suffix(content_type: &Option<String>) -> String {
    match content_type {
        Some(ct) => format!(" (declared as {ct})"),
        None => String::new(),
    }
}
