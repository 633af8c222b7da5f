//! Self-attention of one sequence, written for short sequences.
//!
//! Answer sentences are 10–60 tokens: per head the products are tiny (len × 32 × len),
//! and a general sgemm spends more on packing its operands than on multiplying; the
//! softmax's `exp` per score, one libm call each, cost as much again. Here K is transposed
//! once per head so both products run along contiguous rows of 16 lanes, and `exp` is a
//! branch-free polynomial that vectorises with them.

use crate::elementwise::{lane_sum, widened};

#[cfg(target_arch = "x86_64")]
mod avx512;

/// `qkv` holds the sequence's `len` rows of `[q | k | v]` (each `hidden` wide); `ctx`
/// receives its `len` rows of `hidden`: softmax(q kᵀ / √d) v per head. `scratch` is reused
/// from call to call.
#[allow(unsafe_code)]
pub fn attention(
    qkv: &[f32],
    ctx: &mut [f32],
    len: usize,
    hidden: usize,
    heads: usize,
    scratch: &mut Vec<f32>,
) {
    #[cfg(target_arch = "x86_64")]
    if hidden.is_multiple_of(heads)
        && (hidden / heads).is_multiple_of(16)
        && is_x86_feature_detected!("avx512f")
    {
        // SAFETY: the feature was detected just above.
        return unsafe { avx512::attention(qkv, ctx, len, hidden, heads, scratch) };
    }
    attention_portable(qkv, ctx, len, hidden, heads, scratch)
}

widened! {
    /// [`attention`] in plain Rust, for head sizes that are not whole vectors or CPUs
    /// without AVX-512: LLVM does not vectorise its register tiles, so it is the slower
    /// path.
    pub fn attention_portable(
        qkv: &[f32],
        ctx: &mut [f32],
        len: usize,
        hidden: usize,
        heads: usize,
        scratch: &mut Vec<f32>
    ) => attention_body
}

/// The per-sequence working set, carved out of the caller's scratch vector.
pub(super) struct Tiles<'a> {
    pub hd: usize,
    /// Key rows padded to whole 16-lane vectors: the score loops have no scalar remainder,
    /// and the padding's scores (over zero keys) are never read.
    pub lp: usize,
    /// `kt[d * lp + j]` = k_j[d] of the current head.
    pub kt: &'a mut [f32],
    /// `vh[j * hd + d]` = v_j[d] of the current head, contiguous: the rows of qkv are
    /// 3 × hidden apart, too far for the prefetcher to follow.
    pub vh: &'a mut [f32],
    /// QR rows of `lp` scores.
    pub p: &'a mut [f32],
    /// QR queries of the current head, scaled by 1/√d; zeros past the last row.
    pub q: &'a mut [f32],
}

#[inline(always)]
pub(super) fn tiles(scratch: &mut Vec<f32>, len: usize, hd: usize) -> Tiles<'_> {
    let lp = len.div_ceil(16) * 16;
    scratch.clear();
    scratch.resize(hd * lp + len * hd + QR * lp + QR * hd, 0.0);
    let (kt, rest) = scratch.split_at_mut(hd * lp);
    let (vh, rest) = rest.split_at_mut(len * hd);
    let (p, q) = rest.split_at_mut(QR * lp);
    Tiles {
        hd,
        lp,
        kt,
        vh,
        p,
        q,
    }
}

impl Tiles<'_> {
    /// Copies head `h`'s keys (transposed) and values out of `len` rows of qkv.
    #[inline(always)]
    pub fn gather_head(&mut self, qkv: &[f32], len: usize, hidden: usize, h: usize) {
        let (hd, lp) = (self.hd, self.lp);
        for (j, row) in qkv.chunks_exact(3 * hidden).take(len).enumerate() {
            let k = &row[hidden + h * hd..hidden + (h + 1) * hd];
            for (d, &v) in k.iter().enumerate() {
                self.kt[d * lp + j] = v;
            }
            self.vh[j * hd..(j + 1) * hd]
                .copy_from_slice(&row[2 * hidden + h * hd..2 * hidden + (h + 1) * hd]);
        }
    }

    /// Loads queries `i0..i0 + rows` of head `h`, scaled.
    #[inline(always)]
    pub fn load_queries(&mut self, qkv: &[f32], hidden: usize, h: usize, i0: usize, rows: usize) {
        let hd = self.hd;
        let scale = 1.0 / (hd as f32).sqrt();
        for (r, qr) in self.q.chunks_exact_mut(hd).enumerate() {
            if r < rows {
                let at = (i0 + r) * 3 * hidden + h * hd;
                for (a, &v) in qr.iter_mut().zip(&qkv[at..at + hd]) {
                    *a = v * scale;
                }
            } else {
                qr.fill(0.0);
            }
        }
    }

    /// Softmax of the first `rows` score rows over the `len` real keys.
    #[inline(always)]
    pub fn softmax_rows(&mut self, rows: usize, len: usize) {
        for r in 0..rows {
            softmax(&mut self.p[r * self.lp..r * self.lp + len]);
        }
    }
}

#[inline(always)]
fn attention_body(
    qkv: &[f32],
    ctx: &mut [f32],
    len: usize,
    hidden: usize,
    heads: usize,
    scratch: &mut Vec<f32>,
) {
    let hd = hidden / heads;
    assert!(qkv.len() >= len * 3 * hidden && ctx.len() >= len * hidden && hd * heads == hidden);
    let mut t = tiles(scratch, len, hd);
    let lp = t.lp;
    for h in 0..heads {
        t.gather_head(qkv, len, hidden, h);
        // QR queries at a time: QR independent sums per step instead of one long chain
        // of dependent additions, and each row of Kᵀ or V loaded once for all of them.
        for i0 in (0..len).step_by(QR) {
            let rows = (len - i0).min(QR);
            t.load_queries(qkv, hidden, h, i0, rows);
            for jb in 0..lp / 16 {
                let mut acc = [[0f32; 16]; QR];
                for d in 0..hd {
                    let k16 = &t.kt[d * lp + jb * 16..d * lp + jb * 16 + 16];
                    for (r, a) in acc.iter_mut().enumerate() {
                        let qd = t.q[r * hd + d];
                        for (a, &k) in a.iter_mut().zip(k16) {
                            *a += qd * k;
                        }
                    }
                }
                for (r, a) in acc.iter().enumerate() {
                    t.p[r * lp + jb * 16..r * lp + jb * 16 + 16].copy_from_slice(a);
                }
            }
            t.softmax_rows(rows, len);
            // Blocks of up to 16 outputs.
            for start in (0..hd).step_by(16) {
                let width = (hd - start).min(16);
                let mut acc = [[0f32; 16]; QR];
                for j in 0..len {
                    let v = &t.vh[j * hd + start..j * hd + start + width];
                    for (r, a) in acc.iter_mut().enumerate() {
                        let pj = t.p[r * lp + j];
                        for (a, &v) in a.iter_mut().zip(v) {
                            *a += pj * v;
                        }
                    }
                }
                for (r, a) in acc.iter().take(rows).enumerate() {
                    let off = (i0 + r) * hidden + h * hd + start;
                    ctx[off..off + width].copy_from_slice(&a[..width]);
                }
            }
        }
    }
}

/// Queries processed together.
const QR: usize = 4;

#[inline(always)]
fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    for v in row.iter_mut() {
        *v = exp(*v - max);
    }
    let inv = 1.0 / lane_sum(row, |v| v);
    for v in row.iter_mut() {
        *v *= inv;
    }
}

/// e^x for x ≤ 0 (softmax after subtracting the maximum), within 2 ulp: Cody–Waite
/// reduction to r ∈ [−ln2/2, ln2/2] and Cephes' degree-6 polynomial, no branches.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 0.0);
    let n = (x * std::f32::consts::LOG2_E).round_ties_even();
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 5e-1;
    let e = p * r * r + r + 1.0;
    // 2^n by building the exponent bits; n ∈ [−126, 0] after the clamp.
    e * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_accurate_on_the_softmax_range() {
        let mut worst = 0f64;
        for i in 0..=870_000 {
            let x = -(i as f32) * 1e-4;
            let want = f64::from(x).exp();
            let got = f64::from(exp(x));
            worst = worst.max(((got - want) / want).abs());
        }
        assert!(worst < 3e-7, "max relative error {worst}");
        assert_eq!(exp(-200.0), exp(-87.0));
    }

    /// The textbook definition in f64.
    fn naive(qkv: &[f32], len: usize, hidden: usize, heads: usize) -> Vec<f32> {
        let hd = hidden / heads;
        let h3 = 3 * hidden;
        let mut out = vec![0f32; len * hidden];
        for h in 0..heads {
            for i in 0..len {
                let s: Vec<f64> = (0..len)
                    .map(|j| {
                        (0..hd)
                            .map(|d| {
                                f64::from(qkv[i * h3 + h * hd + d])
                                    * f64::from(qkv[j * h3 + hidden + h * hd + d])
                            })
                            .sum::<f64>()
                            / (hd as f64).sqrt()
                    })
                    .collect();
                let m = s.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let z: f64 = s.iter().map(|v| (v - m).exp()).sum();
                for d in 0..hd {
                    out[i * hidden + h * hd + d] = (0..len)
                        .map(|j| {
                            (s[j] - m).exp() / z * f64::from(qkv[j * h3 + 2 * hidden + h * hd + d])
                        })
                        .sum::<f64>() as f32;
                }
            }
        }
        out
    }

    #[test]
    fn matches_the_definition() {
        for (len, hidden, heads) in [
            (1, 8, 2),
            (7, 64, 4),
            (37, 96, 3),
            (19, 120, 3),
            (50, 384, 12),
        ] {
            let qkv: Vec<f32> = (0..len * 3 * hidden)
                .map(|i| ((i * 7919) % 1013) as f32 / 250.0 - 2.0)
                .collect();
            let want = naive(&qkv, len, hidden, heads);
            let mut ctx = vec![f32::NAN; len * hidden];
            attention(&qkv, &mut ctx, len, hidden, heads, &mut Vec::new());
            let mut portable = vec![f32::NAN; len * hidden];
            attention_portable(&qkv, &mut portable, len, hidden, heads, &mut Vec::new());
            for ((a, b), e) in ctx.iter().zip(&portable).zip(&want) {
                assert!((a - e).abs() < 1e-4, "{a} vs {e} (len {len})");
                assert!((b - e).abs() < 1e-4, "portable {b} vs {e} (len {len})");
            }
        }
    }
}
