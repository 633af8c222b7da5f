use std::fmt;
use std::str::FromStr;

use kaoguan_domain::AnswerMode;

/// A recording's content type, limited to the formats the decoder reads: WebM/Ogg Opus
/// (Chromium, Firefox), MP4/AAC (Safari, WeChat on iOS), WAV and MP3. Parameters such as
/// `codecs=opus` are kept; the kind (audio or video) comes from the top-level type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaType {
    value: String,
    kind: AnswerMode,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct MediaTypeError(String);

const AUDIO: &[&str] = &[
    "webm", "ogg", "opus", "mp4", "m4a", "x-m4a", "aac", "mpeg", "mp3", "wav", "wave", "x-wav",
    "vnd.wave",
];
const VIDEO: &[&str] = &["webm", "mp4", "quicktime", "ogg"];

impl MediaType {
    pub fn kind(&self) -> AnswerMode {
        self.kind
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl FromStr for MediaType {
    type Err = MediaTypeError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let unsupported = || {
            MediaTypeError(
                "unsupported recording format; send audio/webm, audio/ogg, audio/mp4, audio/wav \
                 or audio/mpeg (video/webm or video/mp4 for video)"
                    .into(),
            )
        };
        let raw = raw.trim();
        if raw.len() > 128 || !raw.is_ascii() || raw.chars().any(|c| c.is_ascii_control()) {
            return Err(unsupported());
        }
        let mut parts = raw.split(';');
        let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let (top, sub) = essence.split_once('/').ok_or_else(unsupported)?;
        let kind = match top {
            "audio" if AUDIO.contains(&sub) => AnswerMode::Audio,
            "video" if VIDEO.contains(&sub) => AnswerMode::Video,
            _ => return Err(unsupported()),
        };
        let params: Vec<String> = parts
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let value = std::iter::once(essence)
            .chain(params)
            .collect::<Vec<_>>()
            .join(";");
        Ok(Self { value, kind })
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_formats_parse_and_others_do_not() {
        let t: MediaType = " Audio/WebM; codecs=opus ".parse().unwrap();
        assert_eq!(t.as_str(), "audio/webm;codecs=opus");
        assert_eq!(t.kind(), AnswerMode::Audio);
        assert_eq!(
            "video/mp4".parse::<MediaType>().unwrap().kind(),
            AnswerMode::Video
        );
        for ok in [
            "audio/wav",
            "audio/mpeg",
            "audio/mp4",
            "audio/ogg;codecs=opus",
        ] {
            assert!(ok.parse::<MediaType>().is_ok(), "{ok}");
        }
        for bad in [
            "text/plain",
            "application/json",
            "audio",
            "audio/",
            "image/png",
            "audio/x-unknown",
            "",
        ] {
            assert!(bad.parse::<MediaType>().is_err(), "{bad}");
        }
    }
}
