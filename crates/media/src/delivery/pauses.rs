//! Pauses between speech spans.

use serde::{Deserialize, Serialize};

use crate::pcm::Span;

/// A silence this long or longer inside an answer counts as a long pause.
pub(crate) const LONG_PAUSE_S: f64 = 2.0;

/// Pauses inside the answer: from the first speech to the last. Silence before the first
/// word (reading the question, thinking) and after the last (reaching for the stop button)
/// is not a pause in the answer and is reported separately.
///
/// Speech spans from the VAD carry 0.1 s of padding on each side, so a gap between spans is
/// about 0.2 s shorter than the silence itself; the thresholds are applied to the gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pauses {
    /// Silent share of the time from the first speech to the last, 0–1.
    pub pause_ratio: f64,
    /// Pauses of at least `long_threshold_s`.
    pub long_count: usize,
    /// Their total length, seconds.
    pub long_total_s: f64,
    /// The longest pause, seconds.
    pub longest_s: f64,
    /// Threshold for a long pause, seconds.
    pub long_threshold_s: f64,
    /// Silence before the first speech, seconds.
    pub leading_silence_s: f64,
}

/// Pause measures over ordered, non-overlapping speech spans.
pub(crate) fn measure(speech: &[Span], long_threshold_s: f64) -> Pauses {
    let (Some(first), Some(last)) = (speech.first(), speech.last()) else {
        return Pauses {
            pause_ratio: 0.0,
            long_count: 0,
            long_total_s: 0.0,
            longest_s: 0.0,
            long_threshold_s,
            leading_silence_s: 0.0,
        };
    };
    let gaps: Vec<f64> = speech
        .windows(2)
        .map(|w| (w[1].start_s - w[0].end_s).max(0.0))
        .collect();
    let answer_s = last.end_s - first.start_s;
    let silent: f64 = gaps.iter().sum();
    let long: Vec<f64> = gaps
        .iter()
        .copied()
        .filter(|g| *g >= long_threshold_s)
        .collect();
    Pauses {
        pause_ratio: if answer_s > 0.0 {
            silent / answer_s
        } else {
            0.0
        },
        long_count: long.len(),
        long_total_s: long.iter().sum(),
        longest_s: gaps.iter().copied().fold(0.0, f64::max),
        long_threshold_s,
        leading_silence_s: first.start_s,
    }
}
