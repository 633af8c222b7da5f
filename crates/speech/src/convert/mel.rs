//! The mel filter bank whisper.cpp reads from the model file: 80 triangular filters over the
//! 201 bins of a 400-point FFT at 16 kHz, on the Slaney mel scale with Slaney area
//! normalisation — what `librosa.filters.mel(sr=16000, n_fft=400, n_mels=80)` returns and
//! what OpenAI's `mel_filters.npz` holds. Computed in f64 step by step as librosa does, so
//! the f32 result matches it (the converter's output is pinned by SHA-256).

pub const N_MELS: usize = 80;
pub const N_FFT: usize = 400;
pub const SAMPLE_RATE: f64 = 16_000.0;
pub const N_BINS: usize = N_FFT / 2 + 1;

const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;
const MIN_LOG_MEL: f64 = MIN_LOG_HZ / F_SP;

fn logstep() -> f64 {
    6.4f64.ln() / 27.0
}

fn hz_to_mel(hz: f64) -> f64 {
    if hz >= MIN_LOG_HZ {
        MIN_LOG_MEL + (hz / MIN_LOG_HZ).ln() / logstep()
    } else {
        hz / F_SP
    }
}

fn mel_to_hz(mel: f64) -> f64 {
    if mel >= MIN_LOG_MEL {
        MIN_LOG_HZ * (logstep() * (mel - MIN_LOG_MEL)).exp()
    } else {
        F_SP * mel
    }
}

/// Row-major `N_MELS × N_BINS`.
pub fn filters() -> Vec<f32> {
    // numpy.fft.rfftfreq(n, d=1/sr): k * (1 / (n * d)).
    let val = 1.0 / (N_FFT as f64 * (1.0 / SAMPLE_RATE));
    let fft_freqs: Vec<f64> = (0..N_BINS).map(|k| k as f64 * val).collect();
    // numpy.linspace(min_mel, max_mel, n_mels + 2): i * step + start, last = stop.
    let (lo, hi) = (hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2.0));
    let n = N_MELS + 2;
    let step = (hi - lo) / (n - 1) as f64;
    let mels: Vec<f64> = (0..n)
        .map(|i| if i == n - 1 { hi } else { i as f64 * step + lo })
        .collect();
    let mel_f: Vec<f64> = mels.into_iter().map(mel_to_hz).collect();
    let fdiff: Vec<f64> = mel_f.windows(2).map(|w| w[1] - w[0]).collect();
    let mut out = Vec::with_capacity(N_MELS * N_BINS);
    for i in 0..N_MELS {
        let enorm = 2.0 / (mel_f[i + 2] - mel_f[i]);
        for &f in &fft_freqs {
            let lower = -(mel_f[i] - f) / fdiff[i];
            let upper = (mel_f[i + 2] - f) / fdiff[i + 1];
            // numpy.maximum(0, x) keeps x when they compare equal (so -0.0 stays -0.0);
            // librosa stores the triangle in an f32 array, then scales it in f64.
            let x = lower.min(upper);
            let w = if 0.0 > x { 0.0 } else { x } as f32;
            out.push((f64::from(w) * enorm) as f32);
        }
    }
    out
}
