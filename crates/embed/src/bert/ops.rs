//! The numeric kernels of the encoder, over row-major `f32` slices.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

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

pub use kaoguan_kernels::{add_layer_norm, attention, gelu};

#[cfg(test)]
mod tests {
    use super::*;

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
