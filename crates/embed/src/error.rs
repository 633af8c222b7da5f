//! Errors of the embedding engine: every one names the file or the problem, so that
//! `kaoguan models verify` and the server's start-up can say what to fix.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file exists but its content is not what its format requires.
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    /// A well-formed file that asks for something this engine does not implement.
    #[error("unsupported model: {0}")]
    Unsupported(String),
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("{path}: checksum mismatch (expected sha256 {expected}, found {actual})")]
    Checksum {
        path: PathBuf,
        expected: String,
        actual: String,
    },
}

impl EmbedError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    pub fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::Format {
            path: path.into(),
            message: message.into(),
        }
    }
}
