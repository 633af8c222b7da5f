//! Fundamental frequency by YIN (de Cheveigné & Kawahara, 2002) on speech frames.

use serde::{Deserialize, Serialize};

use crate::pcm::{Pcm, Span};

/// Lowest and highest F0 searched: covers low male to high female and child voices.
const F0_RANGE_HZ: (f64, f64) = (60.0, 500.0);
/// Integration window (25 ms).
const WINDOW_S: f64 = 0.025;
/// 20 ms between estimates: enough for an answer-level median and spread, at half the cost.
const HOP_S: f64 = 0.020;
/// YIN's absolute threshold on the cumulative-mean-normalised difference.
const THRESHOLD: f64 = 0.15;
/// Frames quieter than this (RMS dBFS) are not analysed: breath and room noise.
const MIN_LEVEL_DBFS: f64 = -50.0;
/// Fewer voiced frames than this (0.4 s) give no pitch summary.
const MIN_VOICED_FRAMES: usize = 20;

/// Pitch summary over voiced speech.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pitch {
    /// Median F0, Hz.
    pub median_hz: f64,
    /// Standard deviation of F0 in semitones around the median: how much the voice moves.
    pub variation_semitones: f64,
    /// Spread between the 10th and 90th percentile of F0, semitones.
    pub range_semitones: f64,
    /// Share of speech frames that were voiced (had a clear F0).
    pub voiced_share: f64,
}

/// F0 estimates (Hz) for voiced frames inside `speech`.
pub(crate) fn track(pcm: &Pcm, speech: &[Span]) -> (Vec<f64>, usize) {
    let rate = f64::from(pcm.sample_rate);
    let w = (WINDOW_S * rate).round() as usize;
    let tau_min = (rate / F0_RANGE_HZ.1).floor() as usize;
    let tau_max = (rate / F0_RANGE_HZ.0).ceil() as usize;
    let hop = ((HOP_S * rate).round() as usize).max(1);
    let frame_len = w + tau_max + 1;
    let mut d = vec![0.0f64; tau_max + 2];
    let mut f0s = Vec::new();
    let mut frames = 0;
    for span in speech {
        let (a, b) = (pcm.index_at(span.start_s), pcm.index_at(span.end_s));
        let mut start = a;
        while start + frame_len <= b {
            frames += 1;
            let x = &pcm.samples[start..start + frame_len];
            start += hop;
            let level = x[..w].iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / w as f64;
            if 10.0 * level.max(1e-12).log10() < MIN_LEVEL_DBFS {
                continue;
            }
            if let Some(f0) = yin(x, w, tau_min, tau_max, &mut d, rate) {
                f0s.push(f0);
            }
        }
    }
    (f0s, frames)
}

/// One YIN estimate over `x` (length ≥ w + tau_max + 1); `d` is scratch of length tau_max + 2.
fn yin(
    x: &[f32],
    w: usize,
    tau_min: usize,
    tau_max: usize,
    d: &mut [f64],
    rate: f64,
) -> Option<f64> {
    // Difference function and its cumulative-mean normalisation, d'(0) = 1.
    d[0] = 1.0;
    let mut running = 0.0;
    for tau in 1..=tau_max + 1 {
        let diff: f64 = x[..w]
            .iter()
            .zip(&x[tau..tau + w])
            .map(|(&a, &b)| {
                let e = f64::from(a) - f64::from(b);
                e * e
            })
            .sum();
        running += diff;
        d[tau] = if running > 0.0 {
            diff * tau as f64 / running
        } else {
            1.0
        };
    }
    // First dip under the threshold, followed down to its local minimum.
    let mut tau = tau_min.max(2);
    while tau <= tau_max {
        if d[tau] < THRESHOLD {
            while tau < tau_max && d[tau + 1] < d[tau] {
                tau += 1;
            }
            // Parabolic interpolation between neighbours for sub-sample precision.
            let (l, c, r) = (d[tau - 1], d[tau], d[tau + 1]);
            let denom = l - 2.0 * c + r;
            let shift = if denom.abs() > 1e-12 {
                0.5 * (l - r) / denom
            } else {
                0.0
            };
            return Some(rate / (tau as f64 + shift.clamp(-1.0, 1.0)));
        }
        tau += 1;
    }
    None
}

/// Summarises F0 estimates; `None` when too little was voiced.
pub(crate) fn summarise(f0s: &[f64], speech_frames: usize) -> Option<Pitch> {
    if f0s.len() < MIN_VOICED_FRAMES {
        return None;
    }
    let mut sorted = f0s.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = percentile(&sorted, 0.5);
    let st: Vec<f64> = f0s.iter().map(|f| 12.0 * (f / median).log2()).collect();
    let mean = st.iter().sum::<f64>() / st.len() as f64;
    let var = st.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / st.len() as f64;
    Some(Pitch {
        median_hz: median,
        variation_semitones: var.sqrt(),
        range_semitones: 12.0 * (percentile(&sorted, 0.9) / percentile(&sorted, 0.1)).log2(),
        voiced_share: f0s.len() as f64 / speech_frames.max(1) as f64,
    })
}

/// Linear-interpolated percentile of sorted data, `q` in [0, 1].
pub(crate) fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    let next = sorted[(i + 1).min(sorted.len() - 1)];
    sorted[i] + (next - sorted[i]) * frac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(pcm: &Pcm) -> Vec<Span> {
        vec![Span::new(0.0, pcm.duration_s())]
    }

    /// A voice-like tone: F0 plus decaying harmonics.
    fn tone(f0: impl Fn(f64) -> f64, seconds: f64) -> Pcm {
        let n = (seconds * 16_000.0) as usize;
        let mut phase = 0.0f64;
        let samples = (0..n)
            .map(|i| {
                let t = i as f64 / 16_000.0;
                phase += 2.0 * std::f64::consts::PI * f0(t) / 16_000.0;
                let x: f64 = (1..=5).map(|h| (phase * h as f64).sin() / h as f64).sum();
                (0.2 * x) as f32
            })
            .collect();
        Pcm::new(samples, 16_000)
    }

    #[test]
    fn steady_tones_read_their_f0() {
        for f0 in [85.0, 120.0, 220.0, 410.0] {
            let pcm = tone(|_| f0, 1.0);
            let (f0s, frames) = track(&pcm, &whole(&pcm));
            let p = summarise(&f0s, frames).unwrap();
            assert!((p.median_hz - f0).abs() / f0 < 0.01, "{f0}: {p:?}");
            assert!(p.variation_semitones < 0.1, "{p:?}");
            assert!(p.voiced_share > 0.95, "{p:?}");
        }
    }

    #[test]
    fn a_glide_over_an_octave_has_the_right_spread() {
        // 150 → 300 Hz exponentially over 2 s: semitones uniform on [0, 12],
        // so sd = 12/√12 ≈ 3.46 and the 10–90 % range ≈ 9.6.
        let pcm = tone(|t| 150.0 * 2f64.powf(t / 2.0), 2.0);
        let (f0s, frames) = track(&pcm, &whole(&pcm));
        let p = summarise(&f0s, frames).unwrap();
        assert!((p.median_hz - 212.0).abs() < 6.0, "{p:?}");
        assert!((p.variation_semitones - 3.46).abs() < 0.25, "{p:?}");
        assert!((p.range_semitones - 9.6).abs() < 0.5, "{p:?}");
    }

    #[test]
    fn noise_and_silence_give_no_pitch() {
        let silent = Pcm::new(vec![0.0; 16_000], 16_000);
        let (f0s, frames) = track(&silent, &whole(&silent));
        assert!(summarise(&f0s, frames).is_none());
        let mut seed = 1u64;
        let noise: Vec<f32> = (0..16_000)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((seed >> 33) as f32 / (1u64 << 31) as f32 - 0.5) * 0.5
            })
            .collect();
        let noise = Pcm::new(noise, 16_000);
        let (f0s, frames) = track(&noise, &whole(&noise));
        assert!(f0s.len() < frames / 10, "{} of {frames}", f0s.len());
    }
}
