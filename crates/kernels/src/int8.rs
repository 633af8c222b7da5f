//! A linear layer `y = x · Wᵀ + b` with int8 weights and uint8 activations.

use crate::quantize::{quantize_rows, RowQuant};

/// Output columns per packed block: one 512-bit register of i32 accumulators.
pub(crate) const BLOCK: usize = 16;

/// Weights quantised once to int8 with one scale per output, packed for `vpdpbusd`: for
/// each block of 16 outputs and each group of 4 inputs, 64 bytes holding output `j`'s four
/// weights at bytes `4j..4j+4`. Inputs are padded to a multiple of 4 and outputs to a
/// multiple of 16 with zero weights.
pub struct Int8Linear {
    pub(crate) n: usize,
    pub(crate) k: usize,
    /// `k` rounded up to a multiple of 4.
    pub(crate) kp: usize,
    pub(crate) blocks: usize,
    pub(crate) packed: Vec<i8>,
    /// Per output, padded to `blocks * 16`: the weight scale, the sum of the int8 weights
    /// (to take the activations' zero point back out), and the bias.
    pub(crate) w_scale: Vec<f32>,
    pub(crate) col_sum: Vec<i32>,
    pub(crate) bias: Vec<f32>,
}

/// Quantised activations of one call, reused from call to call.
#[derive(Default)]
pub struct Int8Scratch {
    pub(crate) xq: Vec<u8>,
    pub(crate) rows: Vec<RowQuant>,
}

impl Int8Linear {
    /// Quantises `w` (`[n, k]`, PyTorch's `Linear` layout, `n = b.len()`).
    ///
    /// # Panics
    /// If `w.len() != b.len() * k` or `k == 0`: shapes are checked when a model loads.
    pub fn new(w: &[f32], b: &[f32], k: usize) -> Self {
        let n = b.len();
        assert!(
            k > 0 && w.len() == n * k,
            "weight of {} values is not {n} × {k}",
            w.len()
        );
        let kp = k.div_ceil(4) * 4;
        let blocks = n.div_ceil(BLOCK);
        let padded = blocks * BLOCK;
        let mut packed = vec![0i8; blocks * kp * BLOCK];
        let mut w_scale = vec![0f32; padded];
        let mut col_sum = vec![0i32; padded];
        let mut bias = vec![0f32; padded];
        bias[..n].copy_from_slice(b);
        for (o, row) in w.chunks_exact(k).enumerate() {
            let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
            let (scale, inv) = if max > 0.0 && max.is_finite() {
                (max / 127.0, 127.0 / max)
            } else {
                (1.0, 1.0)
            };
            w_scale[o] = scale;
            let (blk, j) = (o / BLOCK, o % BLOCK);
            for (i, &v) in row.iter().enumerate() {
                // Half away from zero, by truncation: inline, where `round` would call libm
                // for each of the 21 M weights at start-up.
                let q = ((v * inv + 0.5f32.copysign(v)) as i32).clamp(-127, 127);
                col_sum[o] += q;
                packed[blk * kp * BLOCK + (i / 4) * 64 + j * 4 + i % 4] = q as i8;
            }
        }
        Self {
            n,
            k,
            kp,
            blocks,
            packed,
            w_scale,
            col_sum,
            bias,
        }
    }

    /// Outputs per row.
    pub fn out_features(&self) -> usize {
        self.n
    }

    /// `y[t, n] = x[t, k] · Wᵀ + b` for `t = x.len() / k` rows; `y` must hold `t * n`.
    ///
    /// # Panics
    /// If `x.len()` is not a multiple of `k` or `y` is too short.
    pub fn forward(&self, x: &[f32], y: &mut [f32], s: &mut Int8Scratch) {
        assert_eq!(x.len() % self.k, 0, "input is not rows of {}", self.k);
        let t = x.len() / self.k;
        assert!(
            y.len() >= t * self.n,
            "output shorter than {t} × {}",
            self.n
        );
        s.xq.resize(t * self.kp, 0);
        s.rows.resize(t, RowQuant::default());
        #[cfg(target_arch = "x86_64")]
        if crate::vnni::available() {
            crate::vnni::forward(self, x, t, &mut y[..t * self.n], s);
            return;
        }
        self.forward_portable(x, t, &mut y[..t * self.n], s);
    }

    /// The same integers as the SIMD path, one multiply-add at a time: the reference.
    pub(crate) fn forward_portable(&self, x: &[f32], t: usize, y: &mut [f32], s: &mut Int8Scratch) {
        quantize_rows(x, self.k, self.kp, &mut s.xq, &mut s.rows);
        for r in 0..t {
            let xq = &s.xq[r * self.kp..(r + 1) * self.kp];
            let rq = s.rows[r];
            for o in 0..self.n {
                let (blk, j) = (o / BLOCK, o % BLOCK);
                let base = blk * self.kp * BLOCK + j * 4;
                let mut acc = 0i32;
                for (g, xs) in xq.chunks_exact(4).enumerate() {
                    let ws = &self.packed[base + g * 64..base + g * 64 + 4];
                    for (&a, &b) in xs.iter().zip(ws) {
                        acc += i32::from(a) * i32::from(b);
                    }
                }
                y[r * self.n + o] = epilogue(acc, rq, self, o);
            }
        }
    }
}

/// Back to f32: `scale_x · scale_w · (acc − zero_point · Σw) + b`, in the order the SIMD
/// path uses so both round alike.
#[inline]
pub(crate) fn epilogue(acc: i32, rq: RowQuant, l: &Int8Linear, o: usize) -> f32 {
    let centred = acc.wrapping_sub(rq.zero_point.wrapping_mul(l.col_sum[o]));
    (centred as f32).mul_add(rq.scale * l.w_scale[o], l.bias[o])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small deterministic generator, so the tests need no dependency.
    pub(crate) fn noise(seed: u64, len: usize, amp: f32) -> Vec<f32> {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                ((s >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * amp
            })
            .collect()
    }

    fn reference(x: &[f32], w: &[f32], b: &[f32], k: usize) -> Vec<f32> {
        let n = b.len();
        x.chunks_exact(k)
            .flat_map(|row| {
                (0..n).map(move |o| {
                    row.iter()
                        .zip(&w[o * k..(o + 1) * k])
                        .map(|(a, c)| f64::from(*a) * f64::from(*c))
                        .sum::<f64>() as f32
                        + b[o]
                })
            })
            .collect()
    }

    #[test]
    fn portable_path_is_close_to_f32() {
        // Odd sizes exercise the padding of inputs and outputs.
        let (t, k, n) = (5, 37, 21);
        let x = noise(1, t * k, 2.0);
        let w = noise(2, n * k, 0.1);
        let b = noise(3, n, 0.5);
        let l = Int8Linear::new(&w, &b, k);
        let mut y = vec![0f32; t * n];
        l.forward_portable(&x, t, &mut y, &mut {
            let mut s = Int8Scratch::default();
            s.xq.resize(t * l.kp, 0);
            s.rows.resize(t, RowQuant::default());
            s
        });
        let want = reference(&x, &w, &b, k);
        let scale = want.iter().fold(0f32, |m, v| m.max(v.abs()));
        for (a, e) in y.iter().zip(&want) {
            assert!((a - e).abs() < 0.02 * scale, "{a} vs {e}");
        }
    }

    #[test]
    fn rejects_mismatched_shapes() {
        let r = std::panic::catch_unwind(|| Int8Linear::new(&[1.0; 10], &[0.0; 3], 4));
        assert!(r.is_err());
    }
}
