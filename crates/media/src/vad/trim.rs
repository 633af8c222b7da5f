//! Speech-only audio for transcription, with a map back to the recording's timeline.
//!
//! Whisper's cost grows with audio length, so long silences are cut out before transcribing;
//! the segment timestamps it returns are then mapped back with [`TimeMap::to_original`] so
//! the report's player jumps to the right place in the original recording.

use serde::{Deserialize, Serialize};

use crate::delivery::TimedText;
use crate::pcm::{Pcm, Span};

/// One kept stretch: `duration_s` of audio that starts at `trimmed_s` in the trimmed audio and
/// at `original_s` in the recording.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Piece {
    /// Start in the trimmed audio, seconds.
    pub trimmed_s: f64,
    /// Start in the original recording, seconds.
    pub original_s: f64,
    /// Length, seconds.
    pub duration_s: f64,
}

/// Maps times in trimmed audio back to the original recording.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeMap {
    /// Kept pieces in order; contiguous in trimmed time.
    pub pieces: Vec<Piece>,
}

impl TimeMap {
    /// The original time of trimmed time `t_s` (clamped to the kept audio).
    pub fn to_original(&self, t_s: f64) -> f64 {
        let Some(first) = self.pieces.first() else {
            return t_s;
        };
        if t_s <= first.trimmed_s {
            return first.original_s;
        }
        // The last piece starting at or before t.
        let i = self
            .pieces
            .partition_point(|p| p.trimmed_s <= t_s)
            .saturating_sub(1);
        let p = self.pieces[i];
        p.original_s + (t_s - p.trimmed_s).min(p.duration_s)
    }

    /// Maps a span; a span that crosses a cut keeps both ends on the original timeline.
    pub fn span_to_original(&self, span: Span) -> Span {
        Span::new(self.to_original(span.start_s), self.to_original(span.end_s))
    }

    /// A transcript segment timed on the trimmed audio, timed on the recording instead,
    /// its text trimmed: what the delivery measures and the report's player read.
    pub fn text_to_original(&self, start_s: f64, end_s: f64, text: &str) -> TimedText {
        let span = self.span_to_original(Span::new(start_s, end_s));
        TimedText {
            start_s: span.start_s,
            end_s: span.end_s,
            text: text.trim().to_string(),
        }
    }
}

/// Speech-only audio and the map back.
#[derive(Debug, Clone, PartialEq)]
pub struct Trimmed {
    /// The kept audio, same sample rate as the input.
    pub pcm: Pcm,
    /// Trimmed time → original time.
    pub map: TimeMap,
}

/// Keeps the `speech` spans of `pcm` and drops the silence between them, except for up to
/// `keep_gap_s` of each gap (half on each side), so the recogniser still hears a pause
/// between sentences and does not run words together.
pub fn trim_silence(pcm: &Pcm, speech: &[Span], keep_gap_s: f64) -> Trimmed {
    let total = pcm.duration_s();
    let half = keep_gap_s.max(0.0) / 2.0;
    // Widen, clamp and merge what overlaps after widening.
    let mut kept: Vec<Span> = Vec::with_capacity(speech.len());
    for s in speech {
        let span = Span::new((s.start_s - half).max(0.0), (s.end_s + half).min(total));
        if span.end_s <= span.start_s {
            continue;
        }
        match kept.last_mut() {
            Some(last) if span.start_s <= last.end_s => last.end_s = last.end_s.max(span.end_s),
            _ => kept.push(span),
        }
    }
    let rate = f64::from(pcm.sample_rate);
    let mut samples = Vec::new();
    let mut pieces = Vec::with_capacity(kept.len());
    for span in kept {
        let slice = pcm.slice(span);
        pieces.push(Piece {
            trimmed_s: samples.len() as f64 / rate,
            original_s: pcm.index_at(span.start_s) as f64 / rate,
            duration_s: slice.len() as f64 / rate,
        });
        samples.extend_from_slice(slice);
    }
    Trimmed {
        pcm: Pcm::new(samples, pcm.sample_rate),
        map: TimeMap { pieces },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(seconds: usize) -> Pcm {
        // Sample value = its own time, so kept audio shows where it came from.
        let n = seconds * 16_000;
        Pcm::new((0..n).map(|i| i as f32 / 16_000.0).collect(), 16_000)
    }

    #[test]
    fn keeps_speech_and_maps_times_back() {
        let pcm = ramp(10);
        let speech = [Span::new(1.0, 2.0), Span::new(6.0, 7.5)];
        let t = trim_silence(&pcm, &speech, 0.4);
        // 0.8–2.2 and 5.8–7.7: 1.4 s + 1.9 s.
        assert!((t.pcm.duration_s() - 3.3).abs() < 1e-9);
        assert_eq!(t.map.pieces.len(), 2);
        assert!((t.map.to_original(0.0) - 0.8).abs() < 1e-9);
        assert!((t.map.to_original(1.0) - 1.8).abs() < 1e-9);
        assert!((t.map.to_original(1.4) - 5.8).abs() < 1e-9);
        assert!((t.map.to_original(2.0) - 6.4).abs() < 1e-9);
        assert!((t.map.to_original(99.0) - 7.7).abs() < 1e-9);
        // The audio at trimmed 2.0 s is the original audio at 6.4 s.
        let v = t.pcm.samples[32_000];
        assert!((f64::from(v) - 6.4).abs() < 1e-3);
        let s = t.map.span_to_original(Span::new(1.0, 2.0));
        assert!((s.start_s - 1.8).abs() < 1e-9 && (s.end_s - 6.4).abs() < 1e-9);
    }

    #[test]
    fn close_spans_merge_and_edges_clamp() {
        let pcm = ramp(3);
        let t = trim_silence(&pcm, &[Span::new(0.1, 1.0), Span::new(1.2, 2.9)], 0.5);
        assert_eq!(t.map.pieces.len(), 1);
        assert!((t.pcm.duration_s() - 3.0).abs() < 1e-9);
    }

    #[test]
    fn no_speech_gives_empty_audio() {
        let t = trim_silence(&ramp(2), &[], 0.3);
        assert!(t.pcm.samples.is_empty());
        assert_eq!(t.map.to_original(1.0), 1.0);
    }
}
