//! [`super::attention`] with AVX-512 intrinsics: the same tiles as the portable body
//! (4 queries × 16 keys, then 4 queries × 16 outputs), held in registers with fused
//! multiply-adds. Written out because LLVM unrolls the portable tiles into scalar code.
#![allow(unsafe_code)]

use std::arch::x86_64::*;

use super::{tiles, QR};

/// Head size a multiple of 16 (checked by the caller).
#[target_feature(enable = "avx512f")]
pub(super) fn attention(
    qkv: &[f32],
    ctx: &mut [f32],
    len: usize,
    hidden: usize,
    heads: usize,
    scratch: &mut Vec<f32>,
) {
    let hd = hidden / heads;
    assert!(hd.is_multiple_of(16) && hd * heads == hidden);
    assert!(qkv.len() >= len * 3 * hidden && ctx.len() >= len * hidden);
    let mut t = tiles(scratch, len, hd);
    let lp = t.lp;
    for h in 0..heads {
        t.gather_head(qkv, len, hidden, h);
        for i0 in (0..len).step_by(QR) {
            let rows = (len - i0).min(QR);
            t.load_queries(qkv, hidden, h, i0, rows);
            let (ktp, qp, pp) = (t.kt.as_ptr(), t.q.as_ptr(), t.p.as_mut_ptr());
            for jb in 0..lp / 16 {
                let mut acc = [_mm512_setzero_ps(); QR];
                for d in 0..hd {
                    // SAFETY: d < hd and jb * 16 + 16 <= lp: inside kt (hd × lp); the
                    // query index r * hd + d < QR * hd: inside q.
                    unsafe {
                        let k = _mm512_loadu_ps(ktp.add(d * lp + jb * 16));
                        for (r, a) in acc.iter_mut().enumerate() {
                            *a = _mm512_fmadd_ps(_mm512_set1_ps(*qp.add(r * hd + d)), k, *a);
                        }
                    }
                }
                for (r, a) in acc.iter().enumerate() {
                    // SAFETY: r < QR and jb * 16 + 16 <= lp: inside p (QR × lp).
                    unsafe { _mm512_storeu_ps(pp.add(r * lp + jb * 16), *a) };
                }
            }
            t.softmax_rows(rows, len);
            let (vp, pp) = (t.vh.as_ptr(), t.p.as_ptr());
            for start in (0..hd).step_by(16) {
                let mut acc = [_mm512_setzero_ps(); QR];
                for j in 0..len {
                    // SAFETY: j < len and start + 16 <= hd: inside vh (len × hd); the
                    // score index r * lp + j < QR * lp: inside p.
                    unsafe {
                        let v = _mm512_loadu_ps(vp.add(j * hd + start));
                        for (r, a) in acc.iter_mut().enumerate() {
                            *a = _mm512_fmadd_ps(_mm512_set1_ps(*pp.add(r * lp + j)), v, *a);
                        }
                    }
                }
                for (r, a) in acc.iter().take(rows).enumerate() {
                    let off = (i0 + r) * hidden + h * hd + start;
                    let out = &mut ctx[off..off + 16];
                    // SAFETY: `out` holds exactly 16 floats.
                    unsafe { _mm512_storeu_ps(out.as_mut_ptr(), *a) };
                }
            }
        }
    }
}
