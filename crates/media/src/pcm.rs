//! Decoded audio and time spans over it.

use serde::{Deserialize, Serialize};

/// The sample rate everything downstream (VAD, Whisper, delivery measures) works at.
pub const SAMPLE_RATE: u32 = 16_000;

/// Mono PCM audio, samples in `[-1.0, 1.0]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pcm {
    /// Mono samples.
    pub samples: Vec<f32>,
    /// Samples per second; [`SAMPLE_RATE`] for everything [`crate::decode`] returns.
    pub sample_rate: u32,
}

impl Pcm {
    /// Wraps mono samples at `sample_rate`.
    pub fn new(samples: Vec<f32>, sample_rate: u32) -> Self {
        Self {
            samples,
            sample_rate,
        }
    }

    /// Length in seconds.
    pub fn duration_s(&self) -> f64 {
        if self.sample_rate == 0 {
            return 0.0;
        }
        self.samples.len() as f64 / f64::from(self.sample_rate)
    }

    /// The sample index nearest to `t_s`, clamped to the signal.
    pub fn index_at(&self, t_s: f64) -> usize {
        let i = (t_s.max(0.0) * f64::from(self.sample_rate)).round() as usize;
        i.min(self.samples.len())
    }

    /// The samples between two times (clamped).
    pub fn slice(&self, span: Span) -> &[f32] {
        let a = self.index_at(span.start_s);
        let b = self.index_at(span.end_s).max(a);
        &self.samples[a..b]
    }
}

/// A time interval in seconds, `start_s <= end_s`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// Start, seconds from the beginning of the recording.
    pub start_s: f64,
    /// End, seconds from the beginning of the recording.
    pub end_s: f64,
}

impl Span {
    /// A span from `start_s` to `end_s`.
    pub fn new(start_s: f64, end_s: f64) -> Self {
        Self { start_s, end_s }
    }

    /// Length in seconds (never negative).
    pub fn duration_s(&self) -> f64 {
        (self.end_s - self.start_s).max(0.0)
    }
}
