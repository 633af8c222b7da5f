//! Per-frame features for voice-activity detection: speech-band energy and spectral flatness.

use realfft::RealFftPlanner;

use crate::pcm::Pcm;

/// Analysis hop: 10 ms, the resolution of every VAD boundary.
pub(crate) const HOP_S: f64 = 0.010;
/// Analysis window: 25 ms, long enough for a pitch period of a low voice.
const WINDOW_S: f64 = 0.025;
/// The band where speech energy lives; excludes mains hum, rumble and hiss.
const BAND_HZ: (f64, f64) = (150.0, 4000.0);
/// Energy floor for digital silence, so logs stay finite.
const TINY: f64 = 1e-12;

/// Features of one analysis frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// Speech-band energy, dB relative to a full-scale sine.
    pub energy_db: f64,
    /// Spectral flatness in the speech band, 0 (tonal, voiced) to 1 (white noise).
    pub flatness: f64,
}

/// Computes [`Frame`]s every [`HOP_S`] over the whole signal.
pub(crate) fn frames(pcm: &Pcm) -> Vec<Frame> {
    let rate = f64::from(pcm.sample_rate);
    let hop = ((HOP_S * rate).round() as usize).max(1);
    let win = ((WINDOW_S * rate).round() as usize).max(2);
    let n_fft = win.next_power_of_two();
    let lo = ((BAND_HZ.0 / rate * n_fft as f64).ceil() as usize).max(1);
    let hi = ((BAND_HZ.1 / rate * n_fft as f64).floor() as usize).min(n_fft / 2);
    let hann: Vec<f64> = (0..win)
        .map(|i| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / (win - 1) as f64).cos())
        .collect();
    // Parseval: one-sided bin powers sum to n_fft/2 * sum(x^2 w^2); scaled so a full-scale
    // sine inside the band (mean square 1/2) reads 0 dB.
    let window_power: f64 = hann.iter().map(|w| w * w).sum();
    let norm = 4.0 / (n_fft as f64 * window_power);

    let mut planner = RealFftPlanner::<f64>::new();
    let fft = planner.plan_fft_forward(n_fft);
    let mut input = fft.make_input_vec();
    let mut spectrum = fft.make_output_vec();
    let mut scratch = fft.make_scratch_vec();

    let n_frames = pcm.samples.len().div_ceil(hop);
    let mut out = Vec::with_capacity(n_frames);
    for f in 0..n_frames {
        // Centre the window on the frame's time so boundaries are not shifted by half a window.
        let centre = f * hop + hop / 2;
        let start = centre as isize - (win / 2) as isize;
        input.iter_mut().for_each(|x| *x = 0.0);
        for (i, w) in hann.iter().enumerate() {
            let idx = start + i as isize;
            if idx >= 0 && (idx as usize) < pcm.samples.len() {
                input[i] = f64::from(pcm.samples[idx as usize]) * w;
            }
        }
        // Buffer lengths come from the same plan, so this cannot fail.
        if fft
            .process_with_scratch(&mut input, &mut spectrum, &mut scratch)
            .is_err()
        {
            out.push(Frame {
                energy_db: -120.0,
                flatness: 1.0,
            });
            continue;
        }
        let band = &spectrum[lo..=hi];
        let powers = band.iter().map(|c| c.norm_sqr() * norm + TINY);
        let (sum, log_sum) = powers.fold((0.0, 0.0), |(s, l), p| (s + p, l + p.ln()));
        let n = band.len() as f64;
        let arith = sum / n;
        let geo = (log_sum / n).exp();
        out.push(Frame {
            energy_db: 10.0 * sum.log10(),
            flatness: (geo / arith).clamp(0.0, 1.0),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_scale_sine_reads_near_zero_db_and_tonal() {
        let samples: Vec<f32> = (0..16_000)
            .map(|i| (2.0 * std::f32::consts::PI * 500.0 * i as f32 / 16_000.0).sin())
            .collect();
        let fr = frames(&Pcm::new(samples, 16_000));
        assert_eq!(fr.len(), 100);
        let mid = fr[50];
        assert!(mid.energy_db.abs() < 1.5, "{}", mid.energy_db);
        assert!(mid.flatness < 0.1, "{}", mid.flatness);
    }
}
