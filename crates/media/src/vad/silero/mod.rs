//! Silero VAD: a small neural voice-activity detector (MIT, by the Silero team), run
//! in-process on the CPU by our own port of its network, from the authors' standard
//! `silero_vad_16k_op15.onnx` as the PyPI package `silero-vad` ships it
//! (`kaoguan models install silero-vad`).
//!
//! Steadier than the energy detector where a recording has loud non-speech sounds (knocks,
//! typing, a door, music from another room): it looks at the shape of the spectrum over
//! time rather than at loudness. It scores every 32 ms of audio with a probability of
//! speech ([`SileroVad::probabilities`]) and [`timestamps`] turns those into segments with
//! the same rules as the authors' `get_speech_timestamps`.

mod network;
mod timestamps;
mod weights;

use std::path::Path;

pub use timestamps::{speech_spans, SileroConfig};

use crate::pcm::{Pcm, Span, SAMPLE_RATE};
use network::Network;

/// Samples scored together (32 ms at 16 kHz), as the model was trained.
pub const WINDOW_SAMPLES: usize = 512;

/// Why the model file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SileroError {
    #[error("cannot read the Silero VAD model {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("not Silero VAD's 16 kHz ONNX model: {0}")]
    Format(String),
}

/// A loaded Silero VAD model. Immutable and `Sync`: one instance serves every thread, each
/// call keeping its own recurrent state.
#[derive(Debug)]
pub struct SileroVad {
    network: Network,
}

impl SileroVad {
    /// Loads `silero_vad_16k_op15.onnx` (the 16 kHz model; about 1.3 MB).
    pub fn load(path: &Path) -> Result<Self, SileroError> {
        let bytes = std::fs::read(path).map_err(|source| SileroError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_bytes(&bytes)
    }

    /// Loads the model from the bytes of its ONNX file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SileroError> {
        let weights = weights::Weights::parse(bytes)?;
        Ok(Self {
            network: Network::new(&weights)?,
        })
    }

    /// The probability of speech in each successive 32 ms window of `pcm` (16 kHz; the
    /// last window padded with zeros), as the reference implementation computes it: each
    /// window sees the 64 samples before it, and the recurrent state runs through the
    /// whole recording.
    ///
    /// # Panics
    /// If `pcm` is not at 16 kHz: everything from [`crate::decode`] is.
    pub fn probabilities(&self, pcm: &Pcm) -> Vec<f32> {
        assert_eq!(pcm.sample_rate, SAMPLE_RATE, "Silero VAD runs at 16 kHz");
        self.network.probabilities(&pcm.samples)
    }

    /// Speech segments of `pcm`, in order and non-overlapping.
    pub fn speech_segments(&self, pcm: &Pcm, config: &SileroConfig) -> Vec<Span> {
        if pcm.samples.is_empty() {
            return Vec::new();
        }
        speech_spans(&self.probabilities(pcm), pcm.samples.len(), config)
    }
}
