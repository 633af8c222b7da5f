//! From per-window speech probabilities to speech segments: a port of the authors'
//! `get_speech_timestamps_from_probs` (silero-vad 6.2.3, `utils_vad.py`) with its defaults,
//! so a recording is segmented here exactly as the reference would segment it. The
//! reference's splitting of segments longer than `max_speech_duration_s` is left out: its
//! default is unlimited, and Whisper takes long audio itself.

use serde::{Deserialize, Serialize};

use super::WINDOW_SAMPLES;
use crate::pcm::{Span, SAMPLE_RATE};

/// The reference's parameters, with its defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SileroConfig {
    /// A window at or above this probability is speech.
    pub threshold: f32,
    /// Once in speech, only windows below this end it (hysteresis); `None`: threshold − 0.15.
    pub neg_threshold: Option<f32>,
    /// Segments this short or shorter are dropped.
    pub min_speech_ms: u32,
    /// Speech ends only after this much time below the exit threshold.
    pub min_silence_ms: u32,
    /// Added on each side of a segment (split between neighbours closer than twice this).
    pub speech_pad_ms: u32,
}

impl Default for SileroConfig {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            neg_threshold: None,
            min_speech_ms: 250,
            min_silence_ms: 100,
            speech_pad_ms: 30,
        }
    }
}

/// Segments of a recording of `len` samples from its windows' probabilities.
pub fn speech_spans(probabilities: &[f32], len: usize, config: &SileroConfig) -> Vec<Span> {
    let to_s = |samples: usize| samples as f64 / f64::from(SAMPLE_RATE);
    sample_ranges(probabilities, len, config)
        .into_iter()
        .map(|(a, b)| Span::new(to_s(a), to_s(b)))
        .collect()
}

fn samples_of(ms: u32) -> usize {
    (u64::from(SAMPLE_RATE) * u64::from(ms) / 1000) as usize
}

/// The reference's algorithm on sample indices.
fn sample_ranges(probabilities: &[f32], len: usize, config: &SileroConfig) -> Vec<(usize, usize)> {
    let threshold = config.threshold;
    let neg_threshold = config.neg_threshold.unwrap_or((threshold - 0.15).max(0.01));
    let min_speech = samples_of(config.min_speech_ms);
    let min_silence = samples_of(config.min_silence_ms);
    let pad = samples_of(config.speech_pad_ms);

    let mut speeches: Vec<(usize, usize)> = Vec::new();
    // Start of the segment in progress, and where the silence that may end it began.
    let mut start: Option<usize> = None;
    let mut silence_from: Option<usize> = None;
    for (i, &p) in probabilities.iter().enumerate() {
        let here = i * WINDOW_SAMPLES;
        if p >= threshold {
            silence_from = None;
            if start.is_none() {
                start = Some(here);
                continue;
            }
        }
        if let (Some(s), true) = (start, p < neg_threshold) {
            let quiet_since = *silence_from.get_or_insert(here);
            if here - quiet_since < min_silence {
                continue;
            }
            if quiet_since - s > min_speech {
                speeches.push((s, quiet_since));
            }
            start = None;
            silence_from = None;
        }
    }
    if let Some(s) = start {
        if len.saturating_sub(s) > min_speech {
            speeches.push((s, len));
        }
    }

    // Padding: the first start moves back; between neighbours each side gets `pad`, or
    // half the gap when the gap is shorter than two pads.
    let count = speeches.len();
    for i in 0..count {
        if i == 0 {
            speeches[0].0 = speeches[0].0.saturating_sub(pad);
        }
        if i + 1 < count {
            let gap = speeches[i + 1].0.saturating_sub(speeches[i].1);
            let step = if gap < 2 * pad { gap / 2 } else { pad };
            speeches[i].1 = (speeches[i].1 + step).min(len);
            speeches[i + 1].0 = speeches[i + 1].0.saturating_sub(step);
        } else {
            speeches[i].1 = (speeches[i].1 + pad).min(len);
        }
    }
    speeches
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = WINDOW_SAMPLES;

    fn ranges(p: &[f32], len: usize) -> Vec<(usize, usize)> {
        sample_ranges(p, len, &SileroConfig::default())
    }

    #[test]
    fn a_segment_ends_where_the_silence_began_once_it_lasted_long_enough() {
        // 100 ms of silence is 1600 samples: quiet windows 25..=28 (up to 1536 samples
        // in) are not yet enough, window 29 (2048) is; the end goes back to window 25.
        let mut p = vec![0.0; 5];
        p.extend(vec![0.9; 20]); // windows 5..25
        p.extend(vec![0.1; 10]);
        let r = ranges(&p, p.len() * W);
        assert_eq!(r, vec![(5 * W - 480, 25 * W + 480)]);
    }

    #[test]
    fn short_dips_and_the_hysteresis_band_do_not_end_speech() {
        let mut p = vec![0.9; 10];
        p.extend([0.1, 0.1, 0.1]); // 96 ms: shorter than the minimum silence
        p.extend(vec![0.9; 10]);
        p.extend(vec![0.4; 10]); // between the exit (0.35) and entry (0.5) thresholds
        p.extend(vec![0.9; 10]);
        let len = p.len() * W;
        assert_eq!(ranges(&p, len), vec![(0, len)]);
    }

    #[test]
    fn segments_too_short_are_dropped_and_close_neighbours_split_the_gap() {
        let mut p = vec![0.9; 7]; // 224 ms: dropped (not more than 250 ms)
        p.extend(vec![0.0; 20]);
        p.extend(vec![0.9; 20]); // windows 27..47
        p.extend(vec![0.0; 5]); // ends at 47·W after 5 quiet windows (the fifth is 2048 samples in)
        p.extend(vec![0.9; 20]); // windows 52..72, to the end
        let len = p.len() * W;
        let r = ranges(&p, len);
        // The gap 47·W..52·W (2560 samples) is wider than two pads: each side gets 480.
        assert_eq!(r, vec![(27 * W - 480, 47 * W + 480), (52 * W - 480, len)]);
        // Two pads of 100 ms (3200 samples) exceed the 2560-sample gap: split it.
        let wide_pad = SileroConfig {
            speech_pad_ms: 100,
            ..SileroConfig::default()
        };
        let gap_small = sample_ranges(&p, len, &wide_pad);
        assert_eq!(
            gap_small,
            vec![(27 * W - 1600, 47 * W + 1280), (52 * W - 1280, len)]
        );
    }

    #[test]
    fn nothing_above_the_threshold_is_no_speech() {
        assert!(ranges(&[0.49; 100], 100 * W).is_empty());
        assert!(ranges(&[], 0).is_empty());
    }
}
