//! Local speech-to-text for Kaoguan: whisper.cpp (through `whisper-rs`) behind a small
//! blocking API ([`Transcriber`]), and our own converter from the packaged CTranslate2
//! whisper-base to whisper.cpp's ggml format ([`convert`], [`catalog`]).
#![forbid(unsafe_code)]

pub mod catalog;
pub mod convert;
mod error;
mod language;
pub mod pack;
mod pool;
pub mod prompt;
mod simplify;
mod transcriber;

pub use error::SpeechError;
pub use language::Language;
pub use simplify::to_simplified;
pub use transcriber::{
    PackedClip, Packing, Segment, TranscribeRequest, Transcriber, TranscriberOptions, Transcript,
    Window, SAMPLE_RATE,
};
