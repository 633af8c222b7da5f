//! A weight matrix product in the precision the model was loaded with.

use kaoguan_kernels::{Int8Linear, Int8Scratch};

use super::ops;

/// `y = x · Wᵀ + b`, weights in f32 (sgemm) or int8 (AVX-512 VNNI).
pub(super) enum Linear {
    F32 { w: Vec<f32>, b: Vec<f32> },
    Int8(Int8Linear),
}

impl Linear {
    /// Quantises an f32 layer in place (`k` inputs per row); the f32 weights are freed.
    pub fn quantize(&mut self, k: usize) {
        if let Linear::F32 { w, b } = self {
            let q = Int8Linear::new(w, b, k);
            *self = Linear::Int8(q);
        }
    }

    pub fn forward(&self, x: &[f32], k: usize, y: &mut [f32], s: &mut Int8Scratch) {
        match self {
            Linear::F32 { w, b } => ops::linear(x, k, w, b, y),
            Linear::Int8(l) => {
                let t = x.len() / k;
                l.forward(x, &mut y[..t * l.out_features()], s);
            }
        }
    }
}
