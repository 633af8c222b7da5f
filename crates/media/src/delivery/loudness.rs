//! Loudness over speech: RMS level per 100 ms in dBFS.

use serde::{Deserialize, Serialize};

use super::pitch::percentile;
use crate::pcm::{Pcm, Span};

/// Block length: long enough to average over a syllable's rise and fall.
const BLOCK_S: f64 = 0.1;
/// Blocks quieter than this are pauses inside a speech span, not speech.
const MIN_DBFS: f64 = -60.0;

/// Loudness summary over speech. dBFS here is 20·log10(RMS), where a full-scale square wave
/// reads 0 and a full-scale sine −3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loudness {
    /// Mean block level, dBFS (the mean of dB values, so quiet stretches count fully).
    pub mean_dbfs: f64,
    /// Standard deviation of block levels, dB.
    pub variation_db: f64,
    /// Spread between the 10th and 90th percentile block levels, dB.
    pub range_db: f64,
}

/// Block levels in dBFS over the speech spans.
pub(crate) fn block_levels(pcm: &Pcm, speech: &[Span]) -> Vec<f64> {
    let n = ((BLOCK_S * f64::from(pcm.sample_rate)).round() as usize).max(1);
    speech
        .iter()
        .flat_map(|s| pcm.slice(*s).chunks_exact(n))
        .map(|b| {
            let ms = b.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>() / b.len() as f64;
            10.0 * ms.max(1e-12).log10()
        })
        .filter(|&db| db >= MIN_DBFS)
        .collect()
}

/// Summarises block levels; `None` without any.
pub(crate) fn summarise(levels: &[f64]) -> Option<Loudness> {
    if levels.is_empty() {
        return None;
    }
    let mean = levels.iter().sum::<f64>() / levels.len() as f64;
    let var = levels.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / levels.len() as f64;
    let mut sorted = levels.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(Loudness {
        mean_dbfs: mean,
        variation_db: var.sqrt(),
        range_db: percentile(&sorted, 0.9) - percentile(&sorted, 0.1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(amp: f32, seconds: f64) -> Vec<f32> {
        (0..(seconds * 16_000.0) as usize)
            .map(|i| amp * (2.0 * std::f32::consts::PI * 200.0 * i as f32 / 16_000.0).sin())
            .collect()
    }

    #[test]
    fn sine_level_and_a_step() {
        let pcm = Pcm::new(sine(0.1, 1.0), 16_000);
        let l = summarise(&block_levels(&pcm, &[Span::new(0.0, 1.0)])).unwrap();
        assert!((l.mean_dbfs - (-23.01)).abs() < 0.05, "{l:?}");
        assert!(l.variation_db < 0.01);

        // Half at -23 dB, half 20 dB quieter: sd 10 dB, mean -33.
        let mut s = sine(0.1, 1.0);
        s.extend(sine(0.01, 1.0));
        let pcm = Pcm::new(s, 16_000);
        let l = summarise(&block_levels(&pcm, &[Span::new(0.0, 2.0)])).unwrap();
        assert!((l.mean_dbfs - (-33.01)).abs() < 0.05, "{l:?}");
        assert!((l.variation_db - 10.0).abs() < 0.05, "{l:?}");
    }

    #[test]
    fn silence_inside_spans_is_ignored() {
        let pcm = Pcm::new(vec![0.0; 16_000], 16_000);
        assert!(summarise(&block_levels(&pcm, &[Span::new(0.0, 1.0)])).is_none());
    }
}
