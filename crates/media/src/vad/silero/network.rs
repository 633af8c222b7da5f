//! Silero VAD's network, as the authors' reference ports define it: a learned STFT (a
//! strided convolution, magnitudes of 129 bins), four convolutions with ReLU, one LSTM
//! cell carried from window to window, and a 1×1 output convolution with a sigmoid.
//!
//! Everything before the LSTM depends only on a window's own samples, so it runs for a
//! block of windows at once as matrix products (im2col); only the LSTM runs window by
//! window.

use ndarray::{Array1, Array2, ArrayView1, Axis};

use super::weights::Weights;
use super::{SileroError, WINDOW_SAMPLES};

/// Samples of the previous window each window also sees.
const CONTEXT: usize = 64;
/// Learned STFT: 256-sample frames every 128 samples, 129 frequency bins (real and
/// imaginary halves of 258 filters).
const N_FFT: usize = 256;
const HOP: usize = 128;
const BINS: usize = N_FFT / 2 + 1;
/// The window plus its context, reflect-padded by this many samples on the right.
const RIGHT_PAD: usize = 64;
const PADDED: usize = CONTEXT + WINDOW_SAMPLES + RIGHT_PAD;
const FRAMES: usize = (PADDED - N_FFT) / HOP + 1;
const HIDDEN: usize = 128;
/// Windows (32 ms each) put through the convolutions together: about 8 s of audio, a few
/// MB of activations whatever the recording's length.
const BLOCK: usize = 256;

/// A kernel-3, padding-1 convolution as a matrix over im2col rows.
struct Conv {
    /// `[3 × in, out]`: row `k × in + c` holds the weights of input channel `c` at tap `k`.
    weight: Array2<f32>,
    bias: Array1<f32>,
    stride: usize,
}

impl Conv {
    fn new(
        w: &Weights,
        name: &str,
        out: usize,
        inp: usize,
        stride: usize,
    ) -> Result<Self, SileroError> {
        let raw = w.tensor(&format!("{name}.weight"), &[out, inp, 3])?;
        let mut weight = Array2::zeros((3 * inp, out));
        for o in 0..out {
            for c in 0..inp {
                for k in 0..3 {
                    weight[[k * inp + c, o]] = raw[(o * inp + c) * 3 + k];
                }
            }
        }
        let bias = Array1::from(w.tensor(&format!("{name}.bias"), &[out])?);
        Ok(Self {
            weight,
            bias,
            stride,
        })
    }

    /// `input` holds `windows × len` rows (window-major) of channels; returns the output
    /// rows after ReLU and the output length per window.
    fn apply(&self, input: &Array2<f32>, windows: usize, len: usize) -> (Array2<f32>, usize) {
        let channels = input.ncols();
        let out_len = (len + 2 - 3) / self.stride + 1;
        let mut cols = Array2::<f32>::zeros((windows * out_len, 3 * channels));
        let src = input
            .as_slice()
            .expect("activations are kept in standard layout");
        let dst = cols.as_slice_mut().expect("freshly allocated");
        for w in 0..windows {
            for t in 0..out_len {
                let row = (w * out_len + t) * 3 * channels;
                for k in 0..3 {
                    // Input position t·stride + k − 1; outside the window is zero padding.
                    let Some(i) = (t * self.stride + k).checked_sub(1).filter(|&i| i < len) else {
                        continue;
                    };
                    let from = (w * len + i) * channels;
                    dst[row + k * channels..row + (k + 1) * channels]
                        .copy_from_slice(&src[from..from + channels]);
                }
            }
        }
        let mut y = cols.dot(&self.weight);
        y += &self.bias;
        y.mapv_inplace(|v| v.max(0.0));
        (y, out_len)
    }
}

pub(super) struct Network {
    /// `[N_FFT, 2 × BINS]`: the STFT filters, transposed for frames × filters.
    stft: Array2<f32>,
    convs: [Conv; 4],
    /// `[HIDDEN, 4 × HIDDEN]` each, transposed; gates in PyTorch's order i, f, g, o.
    w_ih: Array2<f32>,
    w_hh: Array2<f32>,
    /// `bias_ih + bias_hh`.
    bias: Array1<f32>,
    out_weight: Array1<f32>,
    out_bias: f32,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SileroNetwork")
    }
}

fn transposed(data: Vec<f32>, rows: usize, cols: usize) -> Array2<f32> {
    Array2::from_shape_vec((rows, cols), data)
        .expect("shape checked when the weights were parsed")
        .reversed_axes()
        .as_standard_layout()
        .into_owned()
}

impl Network {
    pub(super) fn new(w: &Weights) -> Result<Self, SileroError> {
        let bias_ih = w.tensor("model.decoder.rnn.bias_ih", &[4 * HIDDEN])?;
        let bias_hh = w.tensor("model.decoder.rnn.bias_hh", &[4 * HIDDEN])?;
        Ok(Self {
            stft: transposed(
                w.tensor("model.stft.forward_basis_buffer", &[2 * BINS, 1, N_FFT])?,
                2 * BINS,
                N_FFT,
            ),
            convs: [
                Conv::new(w, "model.encoder.0.reparam_conv", 128, BINS, 1)?,
                Conv::new(w, "model.encoder.1.reparam_conv", 64, 128, 2)?,
                Conv::new(w, "model.encoder.2.reparam_conv", 64, 64, 2)?,
                Conv::new(w, "model.encoder.3.reparam_conv", 128, 64, 1)?,
            ],
            w_ih: transposed(
                w.tensor("model.decoder.rnn.weight_ih", &[4 * HIDDEN, HIDDEN])?,
                4 * HIDDEN,
                HIDDEN,
            ),
            w_hh: transposed(
                w.tensor("model.decoder.rnn.weight_hh", &[4 * HIDDEN, HIDDEN])?,
                4 * HIDDEN,
                HIDDEN,
            ),
            bias: bias_ih.iter().zip(&bias_hh).map(|(a, b)| a + b).collect(),
            out_weight: Array1::from(w.tensor("model.decoder.decoder.2.weight", &[1, HIDDEN, 1])?),
            out_bias: w.tensor("model.decoder.decoder.2.bias", &[1])?[0],
        })
    }

    pub(super) fn probabilities(&self, samples: &[f32]) -> Vec<f32> {
        let windows = samples.len().div_ceil(WINDOW_SAMPLES);
        let mut out = Vec::with_capacity(windows);
        let mut h = Array1::<f32>::zeros(HIDDEN);
        let mut c = Array1::<f32>::zeros(HIDDEN);
        for first in (0..windows).step_by(BLOCK) {
            let n = BLOCK.min(windows - first);
            let features = self.front_end(samples, first, n);
            let inputs = features.dot(&self.w_ih) + &self.bias;
            for x in inputs.axis_iter(Axis(0)) {
                out.push(self.step(x, &mut h, &mut c));
            }
        }
        out
    }

    /// STFT magnitudes and the four convolutions for windows `first..first + n`:
    /// `[n, HIDDEN]`.
    fn front_end(&self, samples: &[f32], first: usize, n: usize) -> Array2<f32> {
        let mut frames = Array2::<f32>::zeros((n * FRAMES, N_FFT));
        let mut padded = [0f32; PADDED];
        for w in 0..n {
            // The window's context and samples; zeros before the start and after the end.
            let start = (first + w) * WINDOW_SAMPLES;
            padded.fill(0.0);
            for (i, p) in padded[..CONTEXT + WINDOW_SAMPLES].iter_mut().enumerate() {
                if let Some(&v) = (start + i)
                    .checked_sub(CONTEXT)
                    .and_then(|j| samples.get(j))
                {
                    *p = v;
                }
            }
            // Reflection without repeating the edge sample, as torch's "reflect" pad.
            let edge = CONTEXT + WINDOW_SAMPLES - 1;
            for j in 0..RIGHT_PAD {
                padded[edge + 1 + j] = padded[edge - 1 - j];
            }
            for t in 0..FRAMES {
                frames
                    .row_mut(w * FRAMES + t)
                    .assign(&ArrayView1::from(&padded[t * HOP..t * HOP + N_FFT]));
            }
        }
        let spectrum = frames.dot(&self.stft);
        let mut x = Array2::<f32>::from_shape_fn((n * FRAMES, BINS), |(r, b)| {
            spectrum[[r, b]].hypot(spectrum[[r, b + BINS]])
        });
        let mut len = FRAMES;
        for conv in &self.convs {
            (x, len) = conv.apply(&x, n, len);
        }
        debug_assert_eq!(len, 1, "the convolutions reduce each window to one step");
        x
    }

    /// One LSTM step from the precomputed input part of the gates; returns the window's
    /// speech probability.
    fn step(&self, input_gates: ArrayView1<f32>, h: &mut Array1<f32>, c: &mut Array1<f32>) -> f32 {
        let gates = &input_gates + &h.dot(&self.w_hh);
        for j in 0..HIDDEN {
            let i = sigmoid(gates[j]);
            let f = sigmoid(gates[HIDDEN + j]);
            let g = gates[2 * HIDDEN + j].tanh();
            let o = sigmoid(gates[3 * HIDDEN + j]);
            c[j] = f * c[j] + i * g;
            h[j] = o * c[j].tanh();
        }
        let logit = h
            .iter()
            .zip(&self.out_weight)
            .map(|(h, w)| h.max(0.0) * w)
            .sum::<f32>()
            + self.out_bias;
        sigmoid(logit)
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}
