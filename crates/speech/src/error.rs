//! The one error type of this crate.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A model file (CTranslate2, tokenizer or ggml) is not what it should be.
    #[error("{}: {message}", path.display())]
    Format { path: PathBuf, message: String },
    #[error("{}: SHA-256 is {actual}, expected {expected}", path.display())]
    Checksum {
        path: PathBuf,
        expected: String,
        actual: String,
    },
    /// whisper.cpp refused to load a model file.
    #[error("{}: whisper.cpp cannot load this model: {message}", path.display())]
    Load { path: PathBuf, message: String },
    /// The audio handed to `transcribe` is unusable (empty, not finite, too short).
    #[error("invalid audio: {0}")]
    Audio(String),
    /// whisper.cpp failed while transcribing.
    #[error("transcription failed: {0}")]
    Transcribe(String),
}

impl SpeechError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SpeechError::Io {
            path: path.into(),
            source,
        }
    }

    pub fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        SpeechError::Format {
            path: path.into(),
            message: message.into(),
        }
    }
}
