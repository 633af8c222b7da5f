//! The numeric kernels of the encoder, over row-major `f32` slices.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2, ShapeBuilder};

/// `y[t, n] = x[t, k] · w[n, k]ᵀ + b`, with `n = b.len()`: PyTorch's `Linear` layout, so
/// weights are used as stored; sgemm packs its operands anyway, so pre-transposing buys
/// nothing.
pub fn linear(x: &[f32], k: usize, w: &[f32], b: &[f32], y: &mut [f32]) {
    let n = b.len();
    let t = x.len() / k;
    let y = &mut y[..t * n];
    // Starting from the bias and accumulating (beta = 1) saves a pass over `y`.
    for row in y.chunks_exact_mut(n) {
        row.copy_from_slice(b);
    }
    let x = ArrayView2::from_shape((t, k), x).expect("activation shape");
    let w = ArrayView2::from_shape((n, k), w).expect("weight shape");
    let mut y = ArrayViewMut2::from_shape((t, n), y).expect("output shape");
    general_mat_mul(1.0, &x, &w.t(), 1.0, &mut y);
}

/// Self-attention of one sequence of `len` tokens: `qkv` holds its rows of
/// `[q | k | v]` (each `hidden` wide), `ctx` receives its rows of `hidden`. Heads are
/// strided views into the rows, so nothing is copied.
pub fn attention(
    qkv: &[f32],
    ctx: &mut [f32],
    len: usize,
    hidden: usize,
    heads: usize,
    scores: &mut Vec<f32>,
) {
    let hd = hidden / heads;
    let h3 = 3 * hidden;
    let scale = 1.0 / (hd as f32).sqrt();
    scores.resize(len * len, 0.0);
    for h in 0..heads {
        let view = |off: usize| {
            ArrayView2::from_shape((len, hd).strides((h3, 1)), &qkv[off + h * hd..])
                .expect("head view")
        };
        let (q, k, v) = (view(0), view(hidden), view(2 * hidden));
        let mut s = ArrayViewMut2::from_shape((len, len), &mut scores[..]).expect("scores");
        general_mat_mul(scale, &q, &k.t(), 0.0, &mut s);
        for row in scores.chunks_exact_mut(len) {
            softmax(row);
        }
        let s = ArrayView2::from_shape((len, len), &scores[..]).expect("scores");
        let mut c = ArrayViewMut2::from_shape((len, hd).strides((hidden, 1)), &mut ctx[h * hd..])
            .expect("context view");
        general_mat_mul(1.0, &s, &v, 0.0, &mut c);
    }
}

fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    let inv = 1.0 / sum;
    row.iter_mut().for_each(|v| *v *= inv);
}

/// `x = LayerNorm(x + y)` row by row (`y = None`: `LayerNorm(x)`).
pub fn add_layer_norm(x: &mut [f32], y: Option<&[f32]>, g: &[f32], b: &[f32], eps: f32) {
    let h = g.len();
    for (t, row) in x.chunks_exact_mut(h).enumerate() {
        if let Some(y) = y {
            row.iter_mut()
                .zip(&y[t * h..(t + 1) * h])
                .for_each(|(a, b)| *a += b);
        }
        let mean = row.iter().sum::<f32>() / h as f32;
        let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(g).zip(b) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

/// Exact (erf) GELU, as BERT's "gelu" is defined (not the tanh approximation).
pub fn gelu(x: &mut [f32]) {
    for v in x {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// erf to single precision (within ~1e-7 of `libm::erf`, see the test) as a rational
/// function, the one Eigen and TensorFlow use. It has no branches and no `exp`, so the
/// GELU loop vectorises; `libm::erff` per element was a quarter of the forward pass.
#[inline]
pub fn erf(x: f32) -> f32 {
    // Beyond ±4, erf is ±1 in f32.
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2 * -2.726_142_3e-10 + 2.770_681_4e-8;
    p = x2 * p + -2.101_024e-6;
    p = x2 * p + -5.692_506_4e-5;
    p = x2 * p + -7.349_906_3e-4;
    p = x2 * p + -2.954_6e-3;
    p = x2 * p + -1.609_603_3e-2;
    let mut q = x2 * -1.456_607_2e-5 + -2.133_740_6e-4;
    q = x2 * q + -1.682_827e-3;
    q = x2 * q + -7.373_329e-3;
    q = x2 * q + -1.426_474e-2;
    x * p / q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_libm() {
        let mut worst = 0f64;
        for i in -60_000..=60_000 {
            let x = i as f32 * 1e-4;
            worst = worst.max((f64::from(erf(x)) - libm::erf(f64::from(x))).abs());
        }
        assert!(worst < 1e-6, "max error {worst}");
    }

    #[test]
    fn linear_and_attention_match_loops() {
        // y = x Wᵀ + b on a 3×2 input and 4×2 weight.
        let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let w = [1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0, -1.0];
        let b = [0.5, 0.0, 0.0, 1.0];
        let mut y = [0.0; 12];
        linear(&x, 2, &w, &b, &mut y);
        assert_eq!(
            y,
            [1.5, 2.0, 3.0, 1.0, 3.5, 4.0, 7.0, 3.0, 5.5, 6.0, 11.0, 5.0]
        );
        // One token attends only to itself: the context is its own value.
        let qkv = [0.3, -0.2, 0.1, 0.4, 7.0, -8.0];
        let mut ctx = [0.0; 2];
        attention(&qkv, &mut ctx, 1, 2, 2, &mut Vec::new());
        assert_eq!(ctx, [7.0, -8.0]);
    }
}
