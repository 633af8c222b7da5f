//! The encoder's element-wise steps (GELU, residual + LayerNorm), compiled for the widest
//! vectors the CPU has.
//!
//! The bodies are plain Rust written so that LLVM vectorises them: reductions keep 16
//! independent lane sums, so the order of additions, hence every result bit, is the same
//! whichever version runs. Only the instruction width differs; the baseline x86-64
//! target would otherwise stop at 4-wide SSE2.

/// Defines `pub fn $name` that runs `$body` compiled for AVX-512 or AVX2 when the CPU
/// has them, and for the baseline target otherwise.
macro_rules! widened {
    ($(#[$m:meta])* pub fn $name:ident($($a:ident: $t:ty),*) => $body:ident) => {
        $(#[$m])*
        #[allow(unsafe_code)]
        pub fn $name($($a: $t),*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                fn avx512($($a: $t),*) {
                    $body($($a),*)
                }
                #[target_feature(enable = "avx2,fma")]
                fn avx2($($a: $t),*) {
                    $body($($a),*)
                }
                if is_x86_feature_detected!("avx512f") {
                    // SAFETY: the feature was detected just above.
                    return unsafe { avx512($($a),*) };
                }
                if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                    // SAFETY: the features were detected just above.
                    return unsafe { avx2($($a),*) };
                }
            }
            $body($($a),*)
        }
    };
}
pub(crate) use widened;

widened! {
    /// Exact (erf) GELU in place, as BERT's "gelu" is defined (not the tanh approximation).
    pub fn gelu(x: &mut [f32]) => gelu_body
}

widened! {
    /// `x = LayerNorm(x + y)` row by row over rows of `g.len()` (`y = None`: `LayerNorm(x)`).
    pub fn add_layer_norm(x: &mut [f32], y: Option<&[f32]>, g: &[f32], b: &[f32], eps: f32) => layer_norm_body
}

#[inline(always)]
fn gelu_body(x: &mut [f32]) {
    for v in x {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

#[inline(always)]
fn layer_norm_body(x: &mut [f32], y: Option<&[f32]>, g: &[f32], b: &[f32], eps: f32) {
    let h = g.len();
    for (t, row) in x.chunks_exact_mut(h).enumerate() {
        if let Some(y) = y {
            for (a, b) in row.iter_mut().zip(&y[t * h..(t + 1) * h]) {
                *a += b;
            }
        }
        let mean = lane_sum(row, |v| v) / h as f32;
        let var = lane_sum(row, |v| (v - mean) * (v - mean)) / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, g), b) in row.iter_mut().zip(g).zip(b) {
            *v = (*v - mean) * inv * g + b;
        }
    }
}

/// Σ f(v) in 16 interleaved partial sums added in a fixed order.
#[inline(always)]
pub(crate) fn lane_sum(row: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut acc = [0f32; 16];
    let chunks = row.chunks_exact(16);
    let rest = chunks.remainder();
    for c in chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a += f(v);
        }
    }
    let mut s = acc.iter().sum::<f32>();
    for &v in rest {
        s += f(v);
    }
    s
}

/// erf to single precision (within ~1e-7 of `libm::erf`, see the test) as a rational
/// function, the one Eigen and TensorFlow use. It has no branches and no `exp`, so the
/// GELU loop vectorises.
#[inline(always)]
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
    fn every_version_gives_the_same_bits() {
        let x: Vec<f32> = (0..3 * 384)
            .map(|i| ((i * 7919) % 1000) as f32 / 97.0 - 5.0)
            .collect();
        let y: Vec<f32> = (0..3 * 384)
            .map(|i| ((i * 104_729) % 777) as f32 / 333.0)
            .collect();
        let g: Vec<f32> = (0..384).map(|i| 1.0 + (i % 5) as f32 * 0.1).collect();
        let b: Vec<f32> = (0..384).map(|i| (i % 3) as f32 * 0.01).collect();

        let (mut plain, mut wide) = (x.clone(), x.clone());
        gelu_body(&mut plain);
        gelu(&mut wide);
        assert_eq!(plain, wide);

        let (mut plain, mut wide) = (x.clone(), x);
        layer_norm_body(&mut plain, Some(&y), &g, &b, 1e-12);
        add_layer_norm(&mut wide, Some(&y), &g, &b, 1e-12);
        assert_eq!(plain, wide);
        // Normalised: each row has mean ≈ Σb/h and the right spread.
        let row = &plain[..384];
        let mean = row.iter().sum::<f32>() / 384.0;
        let want = b.iter().sum::<f32>() / 384.0;
        assert!((mean - want).abs() < 0.05, "{mean} vs {want}");
    }

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
    fn gelu_values() {
        let mut v = [-3.0f32, -1.0, 0.0, 1.0, 3.0];
        gelu(&mut v);
        let want = [-0.004_049_7, -0.158_655_3, 0.0, 0.841_344_7, 2.995_950_3];
        for (a, e) in v.iter().zip(want) {
            assert!((a - e).abs() < 1e-5, "{a} vs {e}");
        }
    }
}
