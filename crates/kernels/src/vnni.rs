//! The AVX-512 VNNI path of [`Int8Linear`]: vectorised quantisation and a register-tiled
//! `vpdpbusd` product.
//!
//! Tiles of 4 rows × 4 blocks (64 outputs) keep 16 accumulators, 4 weight vectors and a
//! broadcast in the 32 vector registers; the outer loop walks output blocks so one block
//! column of weights (kp × 64 bytes, at most 96 KiB here) stays in cache while every row
//! passes over it.
#![allow(unsafe_code)]

use std::arch::x86_64::*;

use crate::int8::{Int8Linear, Int8Scratch, BLOCK};
use crate::quantize::RowQuant;

const MR: usize = 4;
const NR: usize = 4;

pub(crate) fn available() -> bool {
    is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512vnni")
}

/// Caller: `available()` is true, `x.len() == t * k`, `y.len() == t * n`, and the scratch
/// is sized for `t` rows.
pub(crate) fn forward(l: &Int8Linear, x: &[f32], t: usize, y: &mut [f32], s: &mut Int8Scratch) {
    assert!(available(), "AVX-512 VNNI path called without the features");
    assert!(x.len() == t * l.k && y.len() == t * l.n);
    assert!(s.xq.len() >= t * l.kp && s.rows.len() >= t);
    // SAFETY: the features these functions are compiled for were detected just above.
    unsafe {
        quantize_rows(x, l.k, l.kp, &mut s.xq, &mut s.rows);
        gemm(l, t, &s.xq, &s.rows, y);
    }
}

#[target_feature(enable = "avx512f,avx512bw")]
fn quantize_rows(x: &[f32], k: usize, kp: usize, out: &mut [u8], rows: &mut [RowQuant]) {
    let full = k / 16 * 16;
    for ((row, q), p) in x.chunks_exact(k).zip(out.chunks_exact_mut(kp)).zip(rows) {
        let (mut lo, mut hi) = (
            _mm512_set1_ps(f32::INFINITY),
            _mm512_set1_ps(f32::NEG_INFINITY),
        );
        for c in (0..full).step_by(16) {
            // SAFETY: c + 16 <= full <= row.len().
            let v = unsafe { _mm512_loadu_ps(row.as_ptr().add(c)) };
            lo = _mm512_min_ps(lo, v);
            hi = _mm512_max_ps(hi, v);
        }
        let (mut min, mut max) = (_mm512_reduce_min_ps(lo), _mm512_reduce_max_ps(hi));
        for &v in &row[full..] {
            min = min.min(v);
            max = max.max(v);
        }
        *p = RowQuant::from_range(min, max);
        let inv = _mm512_set1_ps(p.inv);
        let zp = _mm512_set1_epi32(p.zero_point);
        let (zero, top) = (_mm512_setzero_si512(), _mm512_set1_epi32(255));
        for c in (0..full).step_by(16) {
            // SAFETY: c + 16 <= full <= row.len() and q.len() == kp >= k.
            unsafe {
                let v = _mm512_loadu_ps(row.as_ptr().add(c));
                // cvtps rounds to nearest even under the default MXCSR, like the portable
                // path's round_ties_even.
                let i = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(v, inv)), zp);
                let i = _mm512_min_epi32(_mm512_max_epi32(i, zero), top);
                _mm_storeu_si128(q.as_mut_ptr().add(c).cast(), _mm512_cvtepi32_epi8(i));
            }
        }
        for (d, &v) in q[full..k].iter_mut().zip(&row[full..]) {
            *d = p.quantize(v);
        }
        q[k..].fill(p.zero_point as u8);
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
fn gemm(l: &Int8Linear, t: usize, xq: &[u8], rows: &[RowQuant], y: &mut [f32]) {
    let mut b0 = 0;
    while b0 < l.blocks {
        let nc = NR.min(l.blocks - b0);
        let mut r0 = 0;
        while r0 < t {
            let nr = MR.min(t - r0);
            macro_rules! tiles {
                ($(($r:literal, $c:literal)),*) => {
                    match (nr, nc) {
                        $(($r, $c) => tile::<$r, $c>(l, xq, rows, y, r0, b0),)*
                        _ => unreachable!("tile sizes are bounded by MR and NR"),
                    }
                };
            }
            tiles!(
                (4, 4),
                (3, 4),
                (2, 4),
                (1, 4),
                (4, 3),
                (3, 3),
                (2, 3),
                (1, 3),
                (4, 2),
                (3, 2),
                (2, 2),
                (1, 2),
                (4, 1),
                (3, 1),
                (2, 1),
                (1, 1)
            );
            r0 += nr;
        }
        b0 += nc;
    }
}

/// Rows `r0..r0+R` × blocks `b0..b0+C`.
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
fn tile<const R: usize, const C: usize>(
    l: &Int8Linear,
    xq: &[u8],
    rows: &[RowQuant],
    y: &mut [f32],
    r0: usize,
    b0: usize,
) {
    let kp = l.kp;
    let stride = kp * BLOCK;
    assert!((r0 + R) * kp <= xq.len() && (b0 + C) * stride <= l.packed.len());
    assert!((r0 + R) * l.n <= y.len() && (b0 + C) * BLOCK <= l.bias.len());
    let xp = xq[r0 * kp..].as_ptr();
    let wp = l.packed[b0 * stride..].as_ptr();
    let mut acc = [[_mm512_setzero_si512(); C]; R];
    for g in 0..kp / 4 {
        let mut w = [_mm512_setzero_si512(); C];
        for (c, wc) in w.iter_mut().enumerate() {
            // SAFETY: block b0 + c < b0 + C lies within `packed` (asserted), and group g's
            // 64 bytes lie within its kp * 16.
            *wc = unsafe { _mm512_loadu_si512(wp.add(c * stride + g * 64).cast()) };
        }
        for (r, acc_r) in acc.iter_mut().enumerate() {
            // SAFETY: row r0 + r < r0 + R lies within `xq` (asserted) and g * 4 + 4 <= kp.
            let four = unsafe { xp.add(r * kp + g * 4).cast::<i32>().read_unaligned() };
            let xv = _mm512_set1_epi32(four);
            for (a, wc) in acc_r.iter_mut().zip(&w) {
                *a = _mm512_dpbusd_epi32(*a, xv, *wc);
            }
        }
    }
    for (r, acc_r) in acc.iter().enumerate() {
        let rq = rows[r0 + r];
        let sx = _mm512_set1_ps(rq.scale);
        let zp = _mm512_set1_epi32(rq.zero_point);
        for (c, a) in acc_r.iter().enumerate() {
            let o = (b0 + c) * BLOCK;
            let valid = (l.n - o).min(BLOCK);
            let mask: __mmask16 = if valid == BLOCK {
                u16::MAX
            } else {
                (1u16 << valid) - 1
            };
            // SAFETY: o + 16 <= the padded per-output vectors (asserted); the store writes
            // only the `valid` columns of row r0 + r, inside `y` (asserted).
            unsafe {
                let cs = _mm512_loadu_si512(l.col_sum.as_ptr().add(o).cast());
                let sw = _mm512_loadu_ps(l.w_scale.as_ptr().add(o));
                let b = _mm512_loadu_ps(l.bias.as_ptr().add(o));
                let centred = _mm512_sub_epi32(*a, _mm512_mullo_epi32(zp, cs));
                let v = _mm512_fmadd_ps(_mm512_cvtepi32_ps(centred), _mm512_mul_ps(sx, sw), b);
                _mm512_mask_storeu_ps(y.as_mut_ptr().add((r0 + r) * l.n + o), mask, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::int8::tests::noise;

    #[test]
    fn simd_path_equals_the_portable_reference() {
        if !available() {
            eprintln!("skipped: this CPU has no AVX-512 VNNI");
            return;
        }
        // Every tile shape, ragged row/output counts, inputs not a multiple of 4 or 16.
        for (t, k, n) in [
            (1, 4, 1),
            (3, 37, 21),
            (9, 384, 70),
            (17, 130, 64),
            (6, 1536, 48),
        ] {
            let x: Vec<f32> = noise(t as u64, t * k, 3.0)
                .into_iter()
                .map(|v| v.max(-0.2)) // lopsided like GELU outputs
                .collect();
            let w = noise(k as u64, n * k, 0.05);
            let b = noise(n as u64, n, 0.3);
            let l = Int8Linear::new(&w, &b, k);
            let mut fast = vec![f32::NAN; t * n];
            let mut slow = vec![f32::NAN; t * n];
            let mut s = Int8Scratch::default();
            l.forward(&x, &mut fast, &mut s);
            let xq_fast = s.xq.clone();
            l.forward_portable(&x, t, &mut slow, &mut s);
            assert_eq!(xq_fast, s.xq, "quantised inputs differ ({t}×{k}×{n})");
            assert_eq!(fast, slow, "outputs differ ({t}×{k}×{n})");
        }
    }
}
