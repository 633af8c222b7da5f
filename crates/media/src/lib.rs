//! Kaoguan's audio path, all blocking and pure (callers run it in `spawn_blocking`):
//!
//! - [`decode`]: a recording (webm/opus, ogg/opus, mp4/aac, wav, mp3) to 16 kHz mono PCM;
//! - [`vad`]: where the candidate speaks, and the speech-only audio for transcription;
//! - [`delivery`]: descriptive delivery measures (rate, pauses, fillers, pitch, loudness).
//!
//! Nothing here infers emotion, personality or anything else about the person from the voice.
#![forbid(unsafe_code)]

pub mod decode;
pub mod delivery;
mod error;
mod mixdown;
mod opus_track;
mod pcm;
mod resample;
pub mod vad;

pub use error::MediaError;
pub use pcm::{Pcm, Span, SAMPLE_RATE};
